import Optimizers
import XCTest
import _TestSupport

final class RMSPropTests: XCTestCase {
  /// ProtoGrad's test: step `1/L`, α = 0.99, ε = 1e-8, within 1% of `f*` after 1000 iterations.
  func testReachesTheMinimumOfAQuadratic() {
    func check<Scalar: TensorScalar>(_: Scalar.Type) {
      let rule = RMSProp(stepSize: 1 / Quadratic.lipschitz, alpha: 0.99, epsilon: 1e-8)
      let iterations = rule.iterations(
        from: Tensor<Scalar>.zeros(shape: [10]), minimizing: Quadratic.objective)
      let solution = last(iterations.prefix(1000))!.solution
      let value = Quadratic.value(at: solution.scalars.map { Double($0) })
      XCTAssertLessThanOrEqual(value, Quadratic.minimum + 0.01 * abs(Quadratic.minimum))
    }
    check(Float.self)
    check(Double.self)
  }

  /// `v ← αv + (1 − α)g²`, `θ ← θ − η g / (√v + ε)`, twice.
  func testStepsMatchHandComputation() {
    let rule = RMSProp(stepSize: 0.01, alpha: 0.9, epsilon: 1e-6)
    var x = Tensor<Double>([1])
    var state = rule.makeState(for: x)
    rule.update(&x, along: Tensor([2]), state: &state)
    let v1 = 0.1 * 4
    let x1 = 1 - 0.01 * 2 / (v1.squareRoot() + 1e-6)
    assertSameScalars(x.scalars, [x1], "first step", 1e-15)
    rule.update(&x, along: Tensor([-1]), state: &state)
    let v2 = 0.9 * v1 + 0.1 * 1
    assertSameScalars(x.scalars, [x1 + 0.01 / (v2.squareRoot() + 1e-6)], "second step", 1e-15)
  }

  func testDefaultsAreProtoGrads() {
    let rule = RMSProp()
    XCTAssertEqual(Array(rule.stepSize.prefix(1)), [1e-3])
    XCTAssertEqual(rule.alpha, 0.99)
    XCTAssertEqual(rule.epsilon, 1e-8)
  }

  func testAlphaMustBeAFraction() {
    assertPreconditionFailure(self, containing: "RMSProp: alpha must be in [0, 1), got -0.5") {
      _ = RMSProp(alpha: -0.5)
    }
  }
}
