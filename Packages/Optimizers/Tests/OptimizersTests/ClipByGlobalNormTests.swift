import Optimizers
import XCTest
import _TestSupport

final class ClipByGlobalNormTests: XCTestCase {
  /// A gradient longer than the threshold comes out with norm at most the threshold, pointing the
  /// same way; the norm is taken over all parameters together.
  func testLongGradientsAreScaledToTheThresholdKeepingTheirDirection() {
    let clip = ClipByGlobalNorm(maxNorm: 1)
    let parameters = QuadraticModel<Double>.zero
    let original = QuadraticModel<Double>(
      matrix: Tensor(shape: [2, 3], scalars: [3, 0, 0, 0, 0, 0]), vector: Tensor([0, 4, 0, 0]))
    var clipped = original
    var state = clip.makeState(for: parameters)
    clip.transform(&clipped, at: parameters, state: &state)
    XCTAssertEqual(state.lastNorm, 5)
    XCTAssertLessThanOrEqual(clipped.norm, 1 + 1e-15)
    XCTAssertEqual(clipped.norm, 1, accuracy: 1e-15)
    let cosine = dot(clipped, original) / (clipped.norm * original.norm)
    XCTAssertEqual(cosine, 1, accuracy: 1e-15, "the direction is kept")
    assertSameScalars(clipped.flattened(), (original / 5).flattened(), "g / ‖g‖", 1e-15)
  }

  func testShortGradientsPassUnchanged() {
    let clip = ClipByGlobalNorm(maxNorm: 10)
    var g = Tensor<Float>([1, 2, 2])
    var state = clip.makeState(for: g)
    clip.transform(&g, at: g, state: &state)
    XCTAssertEqual(g.scalars, [1, 2, 2])
    XCTAssertEqual(state.lastNorm, 3)
  }

  /// In a chain, every step's gradient is clipped before the rule sees it.
  func testClipsEveryStepOfAChain() {
    let optimizer = Chain(ClipByGlobalNorm(maxNorm: 0.5), GradientDescent(stepSize: 1))
    let start = Tensor<Double>([10, -10])
    let steps = Array(
      optimizer.iterations(from: start, minimizing: { x in (x * x).sum() }).prefix(4))
    for (before, after) in zip(steps, steps.dropFirst()) {
      let move = (after.solution - before.solution).norm
      XCTAssertEqual(move, 0.5, accuracy: 1e-12, "each step moves by the clipped norm")
    }
  }

  func testMaxNormMustBePositive() {
    assertPreconditionFailure(self, containing: "ClipByGlobalNorm: maxNorm must be positive") {
      _ = ClipByGlobalNorm(maxNorm: 0)
    }
  }
}
