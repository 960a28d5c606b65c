import Optimizers
import XCTest
import _TestSupport

final class GradientDescentTests: XCTestCase {
  /// ProtoGrad's rate test: with step `1/L` from zero, `f(x_k) − f* ≤ L‖x*‖²/k` for the first 200
  /// iterates; the textbook bound `L‖x_0 − x*‖²/(2k)` holds too.
  func testMeetsTheConvergenceRateOnAQuadratic() {
    func check<Scalar: TensorScalar>(_: Scalar.Type) {
      let L = Quadratic.lipschitz
      let iterations = GradientDescent(stepSize: 1 / L).iterations(
        from: Tensor<Scalar>.zeros(shape: [10]), minimizing: Quadratic.objective)
      for (k, iteration) in iterations.prefix(200).enumerated() where k > 0 {
        let gap =
          Quadratic.value(at: iteration.solution.scalars.map { Double($0) })
          - Quadratic.minimum
        XCTAssertLessThanOrEqual(gap, L * Quadratic.squaredDistanceFromZero / Double(k), "k = \(k)")
        if Scalar.self == Double.self {
          XCTAssertLessThanOrEqual(
            gap, L * Quadratic.squaredDistanceFromZero / Double(2 * k), "k = \(k)")
        }
      }
    }
    check(Float.self)
    check(Double.self)
  }

  func testStepMatchesHandComputation() {
    let rule = GradientDescent(stepSize: 0.1)
    var x = Tensor<Double>([1, 2])
    var state = rule.makeState(for: x)
    rule.update(&x, along: Tensor([0.5, -1]), state: &state)
    assertSameScalars(x.scalars, [0.95, 2.1], "θ − η g", 1e-15)
  }

  func testScheduleGivesEachStepItsStepSize() {
    let rule = GradientDescent(stepSize: StepSize([1.0, 0.5, 0.25]))
    var x = Tensor<Double>([0])
    var state = rule.makeState(for: x)
    for _ in 0..<3 { rule.update(&x, along: Tensor([-1]), state: &state) }
    XCTAssertEqual(x.scalars, [1.75])
  }

  func testStepSizeMustBePositive() {
    assertPreconditionFailure(self, containing: "GradientDescent", "stepSize must be positive") {
      _ = GradientDescent(stepSize: -0.1)
    }
  }
}
