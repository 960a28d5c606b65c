import Optimizers
import XCTest
import _TestSupport

final class AdaDeltaTests: XCTestCase {
  /// The recurrence of Zeiler's algorithm 1, twice, by hand.
  func testStepsMatchHandComputation() {
    let (alpha, epsilon) = (0.9, 1e-4)
    let rule = AdaDelta(alpha: alpha, epsilon: epsilon)
    var x = Tensor<Double>([1])
    var state = rule.makeState(for: x)
    var (meanSquareGradient, meanSquareStep, expected) = (0.0, 0.0, 1.0)
    for g in [2.0, -3.0] {
      rule.update(&x, along: Tensor([g]), state: &state)
      meanSquareGradient = alpha * meanSquareGradient + (1 - alpha) * g * g
      let step =
        (meanSquareStep + epsilon).squareRoot() / (meanSquareGradient + epsilon).squareRoot() * g
      meanSquareStep = alpha * meanSquareStep + (1 - alpha) * step * step
      expected -= step
      assertSameScalars(x.scalars, [expected], "g = \(g)", 1e-14)
    }
    assertSameScalars(
      state.meanSquareStep.value(as: Tensor<Double>.self).scalars, [meanSquareStep], "E[Δ²]", 1e-14)
  }

  func testDefaultsAreProtoGrads() {
    let rule = AdaDelta()
    XCTAssertEqual(rule.alpha, 0.99)
    XCTAssertEqual(rule.epsilon, 1e-8)
  }

  func testAlphaMustBeAFraction() {
    assertPreconditionFailure(self, containing: "AdaDelta: alpha must be in [0, 1), got 1.5") {
      _ = AdaDelta(alpha: 1.5)
    }
  }
}
