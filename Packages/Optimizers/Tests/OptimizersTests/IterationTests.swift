import Optimizers
import XCTest
import _TestSupport

final class IterationTests: XCTestCase {
  func testFiniteIterationsAreFinite() {
    let iteration = Iteration(
      solution: QuadraticModel<Float>.zero, value: 1,
      gradient: QuadraticModel(
        matrix: .ones(shape: [2, 3]), vector: Tensor([Float](repeating: 1e30, count: 4))))
    XCTAssertTrue(iteration.isFinite)
  }

  func testANonFiniteValueOrGradientScalarIsDetected() {
    let finite = QuadraticModel<Double>(matrix: .ones(shape: [2, 3]), vector: .ones(shape: [4]))
    XCTAssertFalse(Iteration(solution: finite, value: .nan, gradient: finite).isFinite)
    XCTAssertFalse(Iteration(solution: finite, value: .infinity, gradient: finite).isFinite)
    for bad in [Double.nan, .infinity, -.infinity] {
      for index in [0, 5, 6, 9] {
        var gradient = finite
        gradient[flatIndex: index] = bad
        XCTAssertFalse(
          Iteration(solution: finite, value: 0, gradient: gradient).isFinite, "\(bad) at \(index)")
      }
    }
    var long = Tensor<Float>.ones(shape: [1001])
    long.withUnsafeMutableBufferPointer { $0[1000] = .nan }
    XCTAssertFalse(
      Iteration(solution: long, value: 0, gradient: long).isFinite, "after 8-wide lanes")
  }

  /// A diverging run becomes non-finite, and `isFinite` stops it.
  func testStopsADivergingRun() {
    let iterations = GradientDescent(stepSize: 1e10).iterations(
      from: Tensor<Float>([1]), minimizing: { x in (x * x).sum() })
    let run = Array(iterations.lazy.prefix(while: \.isFinite).prefix(100))
    XCTAssertLessThan(run.count, 100)
    XCTAssertGreaterThan(run.count, 1)
  }
}
