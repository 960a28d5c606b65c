import Optimizers
import XCTest
import _TestSupport

final class AdaGradTests: XCTestCase {
  /// `G ← G + g²`, `θ ← θ − η g / (√G + ε)`, twice.
  func testStepsMatchHandComputation() {
    let rule = AdaGrad(stepSize: 0.1, epsilon: 1e-8)
    var x = Tensor<Double>([1, -1])
    var state = rule.makeState(for: x)
    rule.update(&x, along: Tensor([3, -4]), state: &state)
    assertSameScalars(x.scalars, [1 - 0.1 * 3 / (3 + 1e-8), -1 + 0.1 * 4 / (4 + 1e-8)], "1", 1e-15)
    let first = x.scalars
    rule.update(&x, along: Tensor([4, 3]), state: &state)
    let expected = [
      first[0] - 0.1 * 4 / (25.0.squareRoot() + 1e-8),
      first[1] - 0.1 * 3 / (25.0.squareRoot() + 1e-8),
    ]
    assertSameScalars(x.scalars, expected, "second step", 1e-15)
    XCTAssertEqual(state.sumOfSquares.value(as: Tensor<Double>.self).scalars, [25, 25])
  }

  func testDefaultsAreProtoGrads() {
    let rule = AdaGrad()
    XCTAssertEqual(Array(rule.stepSize.prefix(2)), [1e-3, 1e-3])
    XCTAssertEqual(rule.epsilon, 1e-8)
  }

  func testEpsilonMustBePositive() {
    assertPreconditionFailure(self, containing: "AdaGrad: epsilon must be positive and finite") {
      _ = AdaGrad(epsilon: 0)
    }
  }
}
