import Optimizers
import XCTest
import _TestSupport

final class PolyakTests: XCTestCase {
  /// ProtoGrad's test: step `1/L`, momentum 0.5, within 1% of `f*` after 1000 iterations.
  func testReachesTheMinimumOfAQuadratic() {
    func check<Scalar: TensorScalar>(_: Scalar.Type) {
      let iterations = Polyak(stepSize: 1 / Quadratic.lipschitz, momentum: 0.5).iterations(
        from: Tensor<Scalar>.zeros(shape: [10]), minimizing: Quadratic.objective)
      let solution = last(iterations.prefix(1000))!.solution
      let value = Quadratic.value(at: solution.scalars.map { Double($0) })
      XCTAssertLessThanOrEqual(value, Quadratic.minimum + 0.01 * abs(Quadratic.minimum))
    }
    check(Float.self)
    check(Double.self)
  }

  /// `v ← μv − ηg`, `θ ← θ + v`, twice.
  func testStepsMatchHandComputation() {
    let rule = Polyak(stepSize: 0.1, momentum: 0.5)
    var x = Tensor<Double>([1, -1])
    var state = rule.makeState(for: x)
    rule.update(&x, along: Tensor([2, 4]), state: &state)
    assertSameScalars(x.scalars, [0.8, -1.4], "first step", 1e-15)
    rule.update(&x, along: Tensor([1, 1]), state: &state)
    // v = 0.5 · (−0.2, −0.4) − 0.1 · (1, 1) = (−0.2, −0.3)
    assertSameScalars(x.scalars, [0.6, -1.7], "second step", 1e-15)
    assertSameScalars(
      state.velocity.value(as: Tensor<Double>.self).scalars, [-0.2, -0.3], "velocity", 1e-15)
  }

  func testMomentumMustBeAFraction() {
    assertPreconditionFailure(self, containing: "Polyak: momentum must be in [0, 1), got 1.0") {
      _ = Polyak(stepSize: 0.1, momentum: 1)
    }
  }
}
