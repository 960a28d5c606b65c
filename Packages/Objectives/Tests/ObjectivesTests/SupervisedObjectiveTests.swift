import Objectives
import Synchronization
import XCTest
import _TestSupport

final class SupervisedObjectiveTests: XCTestCase {
  struct Scale: Layer {
    var weight: Tensor<Double>
    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { x * weight }
  }

  struct Shifted: Layer {
    let base: Scale
    var shift: Tensor<Double>
    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { base(x) + shift }
  }

  /// Batch `k` is `(x = [k], y = [2k])`, so each call's value says which batch it saw.
  func countingBatches() -> some Sequence<(Tensor<Double>, Tensor<Double>)> {
    (0...).lazy.map { k in (Tensor([Double(k)]), Tensor([2 * Double(k)])) }
  }

  func testEachCallDrawsTheNextBatch() {
    let objective = SupervisedObjective(loss: meanSquaredError, data: countingBatches())
    let model = Scale(weight: Tensor([1]))
    // (k − 2k)² = k²
    XCTAssertEqual((0..<4).map { _ in objective(model).scalar }, [0, 1, 4, 9])
  }

  func testGradientSeesTheBatchOfItsCall() {
    let objective = SupervisedObjective(
      loss: meanSquaredError, data: countingBatches().dropFirst(3))
    let (value, g) = valueWithGradient(at: Scale(weight: Tensor([1]))) { objective($0) }
    XCTAssertEqual(value, 9)
    XCTAssertEqual(g.weight.scalars, [2 * (3 - 6) * 3])
  }

  func testComposedWithABuilderTrainsOnlyThePart() {
    let objective = SupervisedObjective(loss: meanSquaredError, data: countingBatches().dropFirst())
    let base = Scale(weight: Tensor([3]))
    let ofShift = objective.composed { (shift: Tensor<Double>) in Shifted(base: base, shift: shift)
    }
    // batch 1: (3·1 + s − 2)², gradient 2(1 + s) at s = 0.5
    XCTAssertEqual(gradient(at: Tensor([0.5]), in: ofShift).scalars, [3])
    let viaFunction = composing({ (m: Shifted) in
      meanSquaredError(predicted: m(Tensor([1])), expected: Tensor([2]))
    }) {
      (shift: Tensor<Double>) in Shifted(base: base, shift: shift)
    }
    XCTAssertEqual(viaFunction(Tensor([0.5])).scalar, 2.25)
  }

  func testConcurrentCallsDrawDistinctBatches() {
    let objective = SupervisedObjective(loss: meanSquaredError, data: countingBatches())
    let model = Scale(weight: Tensor([1]))
    let values = Mutex<[Double]>([])
    DispatchQueue.concurrentPerform(iterations: 200) { _ in
      let value = objective(model).scalar
      values.withLock { $0.append(value) }
    }
    XCTAssertEqual(values.withLock { Set($0) }, Set((0..<200).map { Double($0 * $0) }))
  }

  func testRunningOutOfBatchesSaysHowToFix() {
    assertPreconditionFailure(self, containing: "ran out of batches after 1", "forever") {
      let objective = SupervisedObjective(
        loss: meanSquaredError, data: [(Tensor<Double>([1]), Tensor<Double>([1]))])
      _ = objective(Scale(weight: Tensor([1])))
      _ = objective(Scale(weight: Tensor([1])))
    }
  }
}
