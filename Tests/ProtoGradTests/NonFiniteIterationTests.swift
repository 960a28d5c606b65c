import ProtoGrad
import XCTest

// A run that meets a NaN or an infinity is detectable: `Iteration.isFinite` is false from the
// first iteration whose value or gradient is not finite, so `prefix(while: \.isFinite)` stops
// there. Each case below knows exactly which iteration that is.

final class NonFiniteIterationTests: XCTestCase {
  /// Batch number `poisonedBatch` (counting from 0) has a NaN input; every other batch is the
  /// same clean one.
  static let poisonedBatch = 5

  /// A stochastic mean-squared-error objective for a 4 → 2 linear model whose batches are all
  /// clean except batch `poisonedBatch`.
  static func objectiveWithOneNaNBatch() -> SupervisedObjective<
    Double, Forever<(Tensor<Double>, Tensor<Double>)>
  > {
    var rng = SeededRandomNumberGenerator(seed: 0)
    let x = Tensor<Double>.randomNormal(shape: [16, 4], using: &rng)
    let y = Tensor<Double>.randomNormal(shape: [16, 2], using: &rng)
    var poisoned = x.scalars
    poisoned[9] = .nan
    let xPoisoned = Tensor(shape: x.shape, scalars: poisoned)
    var drawn = 0
    let batches = forever { () -> (Tensor<Double>, Tensor<Double>) in
      defer { drawn += 1 }
      return (drawn == poisonedBatch ? xPoisoned : x, y)
    }
    return SupervisedObjective(loss: meanSquaredError, data: batches)
  }

  /// The starting model, the same in every test.
  static func makeStart() -> Linear<Double> {
    var rng = SeededRandomNumberGenerator(seed: 1)
    return Linear(inputSize: 4, outputSize: 2, using: &rng)
  }

  func testPrefixWhileFiniteStopsAtTheBatchWithANaN() {
    let iterations = GradientDescent(stepSize: 0.05).iterations(
      from: Self.makeStart(), minimizing: Self.objectiveWithOneNaNBatch())
    // Iteration k is evaluated on batch k (iteration 0 is the starting point).
    let finite = iterations.prefix(while: \.isFinite)
    XCTAssertEqual(finite.count, Self.poisonedBatch)
    for (k, iteration) in finite.enumerated() {
      XCTAssertTrue(iteration.value.isFinite, "value of iteration \(k)")
      XCTAssertTrue(iteration.solution.flattened().allSatisfy(\.isFinite), "solution \(k)")
    }
    // The loss decreased on the clean batches: the run stopped for the NaN, not by accident.
    XCTAssertLessThan(finite.last!.value, finite.first!.value)
  }

  /// The lazy form of `Iteration.isFinite`'s documentation.
  func testLazyPrefixWhileFiniteStopsAtTheBatchWithANaN() {
    let iterations = GradientDescent(stepSize: 0.05).iterations(
      from: Self.makeStart(), minimizing: Self.objectiveWithOneNaNBatch())
    XCTAssertEqual(Array(iterations.lazy.prefix(while: \.isFinite)).count, Self.poisonedBatch)
  }

  func testTheIterationOnTheNaNBatchAndEveryLaterOneAreNotFinite() {
    var iterator = GradientDescent(stepSize: 0.05).iterations(
      from: Self.makeStart(), minimizing: Self.objectiveWithOneNaNBatch()
    ).makeIterator()
    let run = (0..<Self.poisonedBatch + 3).map { _ in iterator.next()! }
    let nan = run[Self.poisonedBatch]
    XCTAssertFalse(nan.isFinite)
    XCTAssertTrue(nan.value.isNaN)
    XCTAssertTrue(nan.gradient.flattened().contains { $0.isNaN })
    XCTAssertTrue(nan.solution.flattened().allSatisfy(\.isFinite), "the step before was clean")
    // The NaN gradient spreads into the parameters, and later clean batches cannot undo it.
    for k in Self.poisonedBatch + 1..<run.count {
      XCTAssertFalse(run[k].isFinite, "iteration \(k)")
      XCTAssertTrue(run[k].solution.flattened().contains { $0.isNaN }, "solution \(k)")
    }
  }

  /// sqrt at 0: the value is finite, its derivative 1 / (2·√0) is not.
  func testAFiniteValueWithAnInfiniteGradientIsNotFinite() {
    let start = Tensor<Double>([0, 4])
    let iterations = GradientDescent(stepSize: 0.1).iterations(from: start) { w in sqrt(w).sum() }
    var iterator = iterations.makeIterator()
    let first = iterator.next()!
    XCTAssertEqual(first.value, 2)
    XCTAssertEqual(first.gradient.scalars, [.infinity, 0.25])
    XCTAssertFalse(first.isFinite)
    XCTAssertTrue(iterations.prefix(while: \.isFinite).isEmpty)
  }

  /// Gradient descent on w² with step 1.5 doubles |w| at every step (w ← w − 1.5·2w = −2w), so the
  /// value 4ᵏ of iteration k overflows `Float` exactly at k = 64, where the gradient 2·2⁶⁴ is
  /// still finite.
  func testADivergingRunStopsWhereTheValueOverflows() {
    let iterations = GradientDescent(stepSize: 1.5).iterations(from: Tensor<Float>([1])) { w in
      (w * w).sum()
    }
    let finite = iterations.prefix(while: \.isFinite)
    XCTAssertEqual(finite.count, 64)
    XCTAssertEqual(finite.last!.value, 0x1p126)
    var iterator = iterations.makeIterator()
    let overflow = (0...64).map { _ in iterator.next()! }.last!
    XCTAssertEqual(overflow.value, .infinity)
    XCTAssertEqual(overflow.gradient.scalars, [0x1p65])
    XCTAssertFalse(overflow.isFinite)
  }
}
