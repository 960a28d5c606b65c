import Optimizers
import XCTest
import _TestSupport

final class WeightDecayTests: XCTestCase {
  func testAddsTheDecayedParametersToTheGradient() {
    let decay = WeightDecay(rate: 0.1)
    let parameters = Tensor<Double>([10, -20])
    var g = Tensor<Double>([1, 1])
    var state = decay.makeState(for: parameters)
    decay.transform(&g, at: parameters, state: &state)
    assertSameScalars(g.scalars, [2, -1], "g + λθ", 1e-15)
  }

  /// Followed by gradient descent, it is classical weight decay: `θ ← (1 − ηλ) θ − η g`.
  func testWithGradientDescentShrinksTheParameters() {
    let optimizer = Chain(WeightDecay(rate: 0.5), GradientDescent(stepSize: 0.1))
    var x = Tensor<Double>([4, -2])
    var state = optimizer.makeState(for: x)
    optimizer.update(&x, along: Tensor([1, 0]), state: &state)
    assertSameScalars(x.scalars, [0.95 * 4 - 0.1, 0.95 * -2], "(1 − ηλ) θ − η g", 1e-15)
  }

  func testRateMustBeNonNegative() {
    assertPreconditionFailure(self, containing: "WeightDecay: rate must be non-negative", "-0.1") {
      _ = WeightDecay(rate: -0.1)
    }
  }
}
