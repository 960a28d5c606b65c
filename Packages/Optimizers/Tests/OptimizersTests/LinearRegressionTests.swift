import Optimizers
import XCTest
import _TestSupport

/// ProtoGrad's supervised tests: a linear model fitted to 5000 noisy samples, in Float and Double.
final class LinearRegressionTests: XCTestCase {
  /// Every optimizer, with ProtoGrad's settings for this problem.
  static func optimizers(stepSize: Double) -> [(name: String, rule: any UpdateRule)] {
    [
      ("GradientDescent", GradientDescent(stepSize: stepSize)),
      ("Polyak", Polyak(stepSize: stepSize, momentum: 0.5)),
      ("Nesterov", Nesterov(stepSize: stepSize)),
      ("BarzilaiBorwein", BarzilaiBorwein(initialStepSize: stepSize)),
      ("AdaGrad", AdaGrad(stepSize: stepSize)),
      ("RMSProp", RMSProp(stepSize: stepSize)),
      ("AdaDelta", AdaDelta()),
      ("Adam", Adam(stepSize: stepSize)),
      ("AdamW", AdamW(stepSize: stepSize)),
      (
        "Chain",
        Chain(ClipByGlobalNorm(maxNorm: 1), WeightDecay(rate: 1e-4), Adam(stepSize: stepSize))
      ),
    ]
  }

  /// ProtoGrad's basic checks: the iterations are of the model's type, and the starting model is
  /// left unchanged.
  func testEveryOptimizerLeavesTheStartingModelUnchanged() {
    func check<Scalar: TensorScalar>(_: Scalar.Type) {
      let problem = LinearRegressionProblem<Scalar>()
      let before = problem.start.flattened()
      for (name, rule) in Self.optimizers(stepSize: problem.stepSize) {
        checkStartUnchanged(rule, problem, name)
        XCTAssertEqual(problem.start.flattened(), before, "\(name), \(Scalar.self)")
      }
    }
    check(Float.self)
    check(Double.self)
  }

  func checkStartUnchanged<Rule: UpdateRule, Scalar: TensorScalar>(
    _ rule: Rule, _ problem: LinearRegressionProblem<Scalar>, _ name: String
  ) {
    let iterations = rule.iterations(from: problem.start, minimizing: problem.objective)
    for (k, iteration) in iterations.prefix(5).enumerated() {
      let solution: LinearModel<Scalar> = iteration.solution
      XCTAssertTrue(iteration.isFinite, "\(name), step \(k)")
      if k > 0 {
        XCTAssertNotEqual(
          storageAddress(solution.A), storageAddress(problem.start.A), "\(name): no shared storage")
      }
    }
  }

  /// ProtoGrad's accuracy checks: after 1000 iterations with step `1/L`, gradient descent,
  /// Polyak's and Nesterov's methods recover the true weights within 5%. (ProtoGrad fits 5000
  /// samples; 250 keep this test quick in debug builds, and their least-squares fit is still
  /// well within 5% of the true weights.)
  func testThreeOptimizersRecoverTheTrueWeights() {
    func check<Scalar: TensorScalar>(_: Scalar.Type) {
      let problem = LinearRegressionProblem<Scalar>(sampleCount: 250)
      for (name, rule) in Self.optimizers(stepSize: problem.stepSize).prefix(3) {
        let solution = solve(rule, problem)
        XCTAssertTrue(
          isApproximatelyEqual(solution.A, problem.trueWeights, relativeTolerance: 0.05),
          "\(name), \(Scalar.self): \(solution.A.scalars) vs \(problem.trueWeights.scalars)")
      }
    }
    check(Float.self)
    check(Double.self)
  }

  func solve<Rule: UpdateRule, Scalar: TensorScalar>(
    _ rule: Rule, _ problem: LinearRegressionProblem<Scalar>
  ) -> LinearModel<Scalar> {
    last(rule.iterations(from: problem.start, minimizing: problem.objective).prefix(1000))!.solution
  }
}
