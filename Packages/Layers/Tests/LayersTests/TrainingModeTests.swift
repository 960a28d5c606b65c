import Foundation
import Layers
import Synchronization
import XCTest

final class TrainingModeTests: XCTestCase {
  private struct Failure: Error {}

  func testTheModeHoldsInsideTheScopeOnly() {
    XCTAssertFalse(isTrainingMode)
    let inside = withTrainingMode { isTrainingMode }
    XCTAssertTrue(inside)
    XCTAssertEqual(withTrainingMode(seed: 1) { withTrainingMode { 42 } }, 42)
    XCTAssertThrowsError(try withTrainingMode { () throws -> Int in throw Failure() })
    XCTAssertFalse(isTrainingMode)
  }

  func testDocumentedExample() {
    let dropout = Dropout<Float>(probability: 0.5)
    let x = Tensor<Float>.ones(shape: [4, 100])
    XCTAssertEqual(dropout(x).scalars, x.scalars)
    let y = withTrainingMode(seed: 42) { dropout(x) }
    XCTAssertEqual(Set(y.scalars), [0, 2])
  }

  func testAsynchronousBodiesAndChildTasks() async {
    let layer = Dropout<Float>(probability: 0.5)
    let x = Tensor<Float>.ones(shape: [200])
    let (training, childTraining, dropped) = await withTrainingMode(seed: 3) {
      await Task.yield()
      async let child = isTrainingMode
      return (isTrainingMode, await child, layer(x).scalars.contains(0))
    }
    XCTAssertTrue(training)
    XCTAssertTrue(childTraining, "child tasks inherit the mode")
    XCTAssertTrue(dropped)
    XCTAssertFalse(isTrainingMode)
    // A synchronous body in an asynchronous context.
    let synchronous = withTrainingMode { isTrainingMode }
    XCTAssertTrue(synchronous)
    // A detached task does not inherit it.
    let detached = await withTrainingMode { await Task.detached { isTrainingMode }.value }
    XCTAssertFalse(detached)
  }

  /// One task trains while another runs inference on the same model, interleaved: neither sees
  /// the other's mode.
  func testConcurrentTrainingAndInferenceDoNotInterfere() async {
    let layer = Dropout<Double>(probability: 0.5)
    let x = Tensor<Double>.ones(shape: [100])
    let rounds = 200
    let (trainingDrops, inferenceChanges) = await withTaskGroup(of: (Int, Int).self) { group in
      group.addTask {
        await withTrainingMode(seed: 1) {
          var drops = 0
          for _ in 0..<rounds {
            if isTrainingMode && layer(x).scalars.contains(0) { drops += 1 }
            await Task.yield()
          }
          return (drops, 0)
        }
      }
      group.addTask {
        var changes = 0
        for _ in 0..<rounds {
          if isTrainingMode || layer(x).scalars != x.scalars { changes += 1 }
          await Task.yield()
        }
        return (0, changes)
      }
      return await group.reduce((0, 0)) { ($0.0 + $1.0, $0.1 + $1.1) }
    }
    XCTAssertEqual(trainingDrops, rounds)
    XCTAssertEqual(inferenceChanges, 0)
  }

  /// The same on threads outside any task.
  func testConcurrentThreadsDoNotInterfere() {
    let layer = Dropout<Double>(probability: 0.5)
    let x = Tensor<Double>.ones(shape: [100])
    let counts = Mutex([0, 0])
    DispatchQueue.concurrentPerform(iterations: 2) { thread in
      for _ in 0..<500 {
        let expected =
          thread == 0
          ? withTrainingMode(seed: 2) { isTrainingMode && layer(x).scalars.contains(0) }
          : !isTrainingMode && layer(x).scalars == x.scalars
        if expected { counts.withLock { $0[thread] += 1 } }
      }
    }
    XCTAssertEqual(counts.withLock { $0 }, [500, 500])
  }
}
