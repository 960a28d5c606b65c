import Foundation
import Optimizers
import XCTest
import _TestSupport

final class AdamTests: XCTestCase {
  /// ProtoGrad's test: step `1/L`, β₁ = 0.9, β₂ = 0.999, ε = 1e-8, within 1% of `f*` after 1000
  /// iterations.
  func testReachesTheMinimumOfAQuadratic() {
    func check<Scalar: TensorScalar>(_: Scalar.Type) {
      let rule = Adam(stepSize: 1 / Quadratic.lipschitz, beta1: 0.9, beta2: 0.999, epsilon: 1e-8)
      let iterations = rule.iterations(
        from: Tensor<Scalar>.zeros(shape: [10]), minimizing: Quadratic.objective)
      let solution = last(iterations.prefix(1000))!.solution
      let value = Quadratic.value(at: solution.scalars.map { Double($0) })
      XCTAssertLessThanOrEqual(value, Quadratic.minimum + 0.01 * abs(Quadratic.minimum))
    }
    check(Float.self)
    check(Double.self)
  }

  /// The moments and the bias-corrected step, twice, by hand.
  func testStepsMatchHandComputation() {
    let (eta, beta1, beta2, epsilon) = (0.01, 0.8, 0.9, 1e-6)
    let rule = Adam(stepSize: eta, beta1: beta1, beta2: beta2, epsilon: epsilon)
    var x = Tensor<Double>([1, 2])
    var state = rule.makeState(for: x)
    var (m, v, expected) = ([0.0, 0], [0.0, 0], [1.0, 2])
    for (t, g) in [[1.0, -2], [0.5, 3]].enumerated() {
      rule.update(&x, along: Tensor(g), state: &state)
      let step = Double(t + 1)
      let correctedStep = eta * (1 - pow(beta2, step)).squareRoot() / (1 - pow(beta1, step))
      for i in 0..<2 {
        m[i] = beta1 * m[i] + (1 - beta1) * g[i]
        v[i] = beta2 * v[i] + (1 - beta2) * g[i] * g[i]
        expected[i] -= correctedStep * m[i] / (v[i].squareRoot() + epsilon)
      }
      assertSameScalars(x.scalars, expected, "step \(t + 1)", 1e-14)
    }
    XCTAssertEqual(state.step, 2)
    assertSameScalars(state.firstMoment.value(as: Tensor<Double>.self).scalars, m, "m", 1e-15)
    assertSameScalars(state.secondMoment.value(as: Tensor<Double>.self).scalars, v, "v", 1e-15)
  }

  func testDefaultsAreProtoGrads() {
    let rule = Adam()
    XCTAssertEqual(Array(rule.stepSize.prefix(1)), [1e-3])
    XCTAssertEqual([rule.beta1, rule.beta2, rule.epsilon], [0.9, 0.999, 1e-8])
  }

  /// The parameters and both moments are updated in their own storage, step after step.
  func testUpdatesParametersAndMomentsInPlace() {
    let rule = Adam(stepSize: 0.1)
    var model = QuadraticModel<Float>.zero
    var state = rule.makeState(for: model)
    rule.update(&model, along: gradient(at: model, in: QuadraticModel.objective), state: &state)
    func addresses() -> [UnsafeRawPointer?] {
      [
        storageAddress(model.matrix),
        storageAddress(state.firstMoment.value(as: QuadraticModel<Float>.self).matrix),
        storageAddress(state.secondMoment.value(as: QuadraticModel<Float>.self).vector),
      ]
    }
    let before = addresses()
    for _ in 0..<3 {
      rule.update(&model, along: gradient(at: model, in: QuadraticModel.objective), state: &state)
    }
    XCTAssertEqual(addresses(), before)
  }

  func testHyperparametersAreChecked() {
    assertPreconditionFailure(self, containing: "Adam: beta1 must be in [0, 1), got 1.0") {
      _ = Adam(beta1: 1)
    }
    assertPreconditionFailure(self, containing: "Adam: beta2 must be in [0, 1), got -0.1") {
      _ = Adam(beta2: -0.1)
    }
    assertPreconditionFailure(self, containing: "Adam: epsilon must be positive and finite") {
      _ = Adam(epsilon: -1e-8)
    }
    assertPreconditionFailure(self, containing: "Adam: stepSize must be positive and finite") {
      _ = Adam(stepSize: Double.nan)
    }
  }
}
