import Foundation
import ProtoGrad
import Synchronization
import XCTest

// SPEC §3: each thread has its own tape, and training mode is task-local, so concurrent trainings
// and inference never interfere. Each test runs the same work on two threads at once and
// sequentially, from the same shared starting model and data, and asks for bitwise-equal results.
// `Scripts/check-thread-sanitizer` runs these tests under ThreadSanitizer.

final class ConcurrentTrainingTests: XCTestCase {
  typealias MLP = Compose<Linear<Float>, ReLU<Float>, Dropout<Float>, Linear<Float>>

  /// A small classification problem: 256 points in 8 dimensions, each labelled (one-hot) by the
  /// largest of three random linear functions of it.
  struct Problem: Sendable {
    let x: Tensor<Float>
    let labels: [Int]
    var y: Tensor<Float> { oneHot(labels, classes: 3) }

    init(seed: UInt64) {
      var rng = SeededRandomNumberGenerator(seed: seed)
      x = .randomNormal(shape: [256, 8], using: &rng)
      labels = matmul(x, Tensor.randomNormal(shape: [8, 3], using: &rng)).argmax(alongAxis: 1)
    }
  }

  let problem = Problem(seed: 0)

  /// The shared starting point: 8 → 32 → 3 with ReLU and dropout 0.25.
  static func makeStart() -> MLP {
    var rng = SeededRandomNumberGenerator(seed: 1)
    return Compose(
      Linear(inputSize: 8, outputSize: 32, using: &rng), ReLU(), Dropout(probability: 0.25),
      Linear(inputSize: 32, outputSize: 3, using: &rng))
  }

  /// `steps` steps of SGD from `start` on random minibatches of 32 drawn with `seed`, in training
  /// mode seeded with `seed` (or outside it, so without dropout, when `dropout` is false).
  static func train(
    _ start: MLP, on problem: Problem, seed: UInt64, dropout: Bool = true, steps: Int = 100
  ) -> MLP {
    var rng = SeededRandomNumberGenerator(seed: seed)
    let batches = randomMinibatches(problem.x, problem.y, batchSize: 32, using: &rng)
    let objective = SupervisedObjective(loss: softmaxCrossEntropy, data: batches)
    let run = {
      let iterations = GradientDescent(stepSize: 0.1).iterations(from: start, minimizing: objective)
      return last(iterations.prefix(steps + 1))!.solution
    }
    return dropout ? withTrainingMode(seed: seed, run) : run()
  }

  /// Runs every body on a thread of its own, all at once, and returns when all have finished.
  /// (Not `DispatchQueue.concurrentPerform`, which may run the bodies one after the other on a
  /// busy machine, where a body waiting for another would never return.)
  static func runOnThreads(_ bodies: [@Sendable () -> Void]) {
    let finished = DispatchSemaphore(value: 0)
    for body in bodies {
      Thread {
        body()
        finished.signal()
      }.start()
    }
    for _ in bodies { finished.wait() }
  }

  func testTwoTrainingsOnTwoThreadsEqualTheSameTrainingsRunSequentially() {
    let (start, problem) = (Self.makeStart(), problem)
    let seeds: [UInt64] = [11, 12]
    let sequential = seeds.map { Self.train(start, on: problem, seed: $0).flattened() }
    let concurrent = Mutex<[[Float]]>([[], []])
    Self.runOnThreads(
      seeds.indices.map { thread in
        {
          let trained = Self.train(start, on: problem, seed: seeds[thread]).flattened()
          concurrent.withLock { $0[thread] = trained }
        }
      })
    let results = concurrent.withLock { $0 }
    for thread in seeds.indices {
      XCTAssertEqual(
        results[thread].map(\.bitPattern), sequential[thread].map(\.bitPattern),
        "the training on thread \(thread)")
    }
    // The two trainings differ, and dropout takes part in them: the comparison can fail.
    XCTAssertNotEqual(sequential[0], sequential[1])
    XCTAssertNotEqual(
      sequential[0], Self.train(start, on: problem, seed: seeds[0], dropout: false).flattened())
    XCTAssertEqual(start.flattened(), Self.makeStart().flattened(), "the start was mutated")
  }

  func testInferenceWhileAnotherThreadTrainsSeesNoDropoutAndTrainingIsUnaffected() {
    let (start, problem) = (Self.makeStart(), problem)
    let model = Self.train(start, on: problem, seed: 5, dropout: false, steps: 50)
    let logits = model(problem.x).scalars
    let accuracy = Self.accuracy(of: model, on: problem)
    let trained = Self.train(start, on: problem, seed: 21).flattened()
    // In training mode the model's outputs would differ: the comparison can fail.
    XCTAssertNotEqual(withTrainingMode(seed: 3) { model(problem.x) }.scalars, logits)

    let trainingDone = Atomic(false)
    let concurrentTrained = Mutex<[Float]>([])
    let inference = Mutex((rounds: 0, differentLogits: 0, differentAccuracies: 0))
    Self.runOnThreads([
      {
        let result = Self.train(start, on: problem, seed: 21).flattened()
        concurrentTrained.withLock { $0 = result }
        trainingDone.store(true, ordering: .releasing)
      },
      {
        // At least 10 rounds, and on until the training has finished, so the two overlap.
        var round = 0
        while round < 10 || !trainingDone.load(ordering: .acquiring) {
          let sameLogits = model(problem.x).scalars == logits
          let sameAccuracy = Self.accuracy(of: model, on: problem) == accuracy
          inference.withLock {
            $0.rounds += 1
            if !sameLogits { $0.differentLogits += 1 }
            if !sameAccuracy { $0.differentAccuracies += 1 }
          }
          round += 1
        }
      },
    ])
    let counts = inference.withLock { $0 }
    XCTAssertGreaterThanOrEqual(counts.rounds, 10)
    XCTAssertEqual(counts.differentLogits, 0, "of \(counts.rounds) inferences")
    XCTAssertEqual(counts.differentAccuracies, 0, "of \(counts.rounds) inferences")
    XCTAssertEqual(concurrentTrained.withLock { $0 }.map(\.bitPattern), trained.map(\.bitPattern))
  }

  /// The fraction of the problem's points that `model` labels correctly (argmax of its logits).
  static func accuracy(of model: MLP, on problem: Problem) -> Double {
    let predicted = model(problem.x).argmax(alongAxis: 1)
    return Double(zip(predicted, problem.labels).count { $0 == $1 }) / Double(problem.labels.count)
  }
}
