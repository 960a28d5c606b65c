import Optimizers
import XCTest
import _TestSupport

final class BarzilaiBorweinTests: XCTestCase {
  /// The step size after the first step is `⟨s, s⟩ / ⟨s, y⟩` for the move `s` and the gradient
  /// change `y`, computed here from plain arrays.
  func testStepSizeIsTheSecantRatio() {
    let rule = BarzilaiBorwein(initialStepSize: 0.05)
    var x = Tensor<Double>.zeros(shape: [10])
    var state = rule.makeState(for: x)
    let g0 = gradient(at: x, in: Quadratic.objective)
    let x0 = x.scalars
    rule.update(&x, along: g0, state: &state)
    XCTAssertEqual(state.stepSize, 0.05, "the first step uses the initial step size")
    let g1 = gradient(at: x, in: Quadratic.objective)
    let s = zip(x.scalars, x0).map { $0 - $1 }
    let y = zip(g1.scalars, g0.scalars).map { $0 - $1 }
    let expected = plainDot(s, s) / plainDot(s, y)
    let x1 = x.scalars
    rule.update(&x, along: g1, state: &state)
    XCTAssertEqual(state.stepSize, expected, accuracy: 1e-12 * expected)
    assertSameScalars(
      x.scalars, zip(x1, g1.scalars).map { $0 - expected * $1 }, "θ − α g", 1e-12)
  }

  func testConvergesOnAQuadratic() {
    let iterations = BarzilaiBorwein(initialStepSize: 1 / Quadratic.lipschitz).iterations(
      from: Tensor<Double>.zeros(shape: [10]), minimizing: Quadratic.objective)
    let solution = last(iterations.prefix(200))!.solution
    assertSameScalars(solution.scalars, Quadratic.minimizer, "x*", 1e-6)
  }

  /// Where the objective is concave along the step, the curvature is negative: the step size is
  /// kept rather than turned negative.
  func testKeepsTheStepSizeWhereCurvatureIsNotPositive() {
    let rule = BarzilaiBorwein(initialStepSize: 0.1)
    var x = Tensor<Double>([1])
    var state = rule.makeState(for: x)
    let concave = { (x: Tensor<Double>) in -0.5 * (x * x).sum() }
    for _ in 0..<3 { rule.update(&x, along: gradient(at: x, in: concave), state: &state) }
    XCTAssertEqual(state.stepSize, 0.1)
  }

  func testInitialStepSizeMustBePositive() {
    assertPreconditionFailure(
      self, containing: "BarzilaiBorwein: initialStepSize must be positive and finite, got inf"
    ) {
      _ = BarzilaiBorwein(initialStepSize: .infinity)
    }
  }
}
