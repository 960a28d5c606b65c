import Optimizers
import XCTest
import _TestSupport

final class NesterovTests: XCTestCase {
  /// ProtoGrad's rate test: with step `1/L` from zero, `f − f* ≤ 2L‖x*‖²/(k + 1)²` after `k` steps,
  /// for the first 200 iterates.
  func testMeetsTheAcceleratedRateOnAQuadratic() {
    func check<Scalar: TensorScalar>(_: Scalar.Type) {
      let L = Quadratic.lipschitz
      let iterations = Nesterov(stepSize: 1 / L).iterations(
        from: Tensor<Scalar>.zeros(shape: [10]), minimizing: Quadratic.objective)
      for (k, iteration) in iterations.prefix(200).enumerated() {
        let gap =
          Quadratic.value(at: iteration.solution.scalars.map { Double($0) })
          - Quadratic.minimum
        let bound = 2 * L * Quadratic.squaredDistanceFromZero / Double((k + 1) * (k + 1))
        XCTAssertLessThanOrEqual(gap, bound, "\(Scalar.self), k = \(k)")
      }
    }
    check(Float.self)
    check(Double.self)
  }

  /// Two steps on `f(x) = ½x²` from 1 with step 0.5, following the recurrence by hand.
  func testStepsMatchHandComputation() {
    let rule = Nesterov(stepSize: 0.5)
    var x = Tensor<Double>([1])
    var state = rule.makeState(for: x)
    rule.update(&x, along: x, state: &state)
    // z₁ = 1 − 0.5 · 1; the first extrapolation weight (t₀ − 1)/t₁ is 0.
    XCTAssertEqual(x.scalars, [0.5])
    rule.update(&x, along: x, state: &state)
    let t1 = (1 + 5.0.squareRoot()) / 2
    let t2 = (1 + (1 + 4 * t1 * t1).squareRoot()) / 2
    let z2 = 0.5 - 0.5 * 0.5
    assertSameScalars(x.scalars, [z2 + (t1 - 1) / t2 * (z2 - 0.5)], "second step", 1e-15)
    XCTAssertEqual(state.t, t2, accuracy: 1e-15)
  }

  func testStepSizeMustBePositive() {
    assertPreconditionFailure(self, containing: "Nesterov: stepSize must be positive", "got 0.0") {
      _ = Nesterov(stepSize: 0)
    }
  }
}
