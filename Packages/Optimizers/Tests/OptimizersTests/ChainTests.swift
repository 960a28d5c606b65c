import Optimizers
import XCTest
import _TestSupport

final class ChainTests: XCTestCase {
  /// A chain's step is its transformations in order, then its rule, written out here by hand.
  func testAppliesTransformationsInOrderThenTheRule() {
    let chain = Chain(
      WeightDecay(rate: 1), ClipByGlobalNorm(maxNorm: 1), Polyak(stepSize: 0.5, momentum: 0.5))
    var x = Tensor<Double>([3, 0])
    var state = chain.makeState(for: x)
    chain.update(&x, along: Tensor([0, 4]), state: &state)
    // decay: (0, 4) + (3, 0) = (3, 4); clip to norm 1: (0.6, 0.8); heavy ball from v = 0.
    assertSameScalars(x.scalars, [3 - 0.3, -0.4], "first step", 1e-15)
    XCTAssertEqual(state.rule.transformation.lastNorm, 5)
    chain.update(&x, along: Tensor([0, 0]), state: &state)
    // decay: (0, 0) + θ = (2.7, −0.4), clipped to unit norm ĝ; v ← 0.5 v − 0.5 ĝ.
    let decayed = [2.7, -0.4]
    let norm = (2.7 * 2.7 + 0.16).squareRoot()
    let v = zip([-0.3, -0.4], decayed).map { 0.5 * $0 - 0.5 * $1 / norm }
    assertSameScalars(x.scalars, [2.7 + v[0], -0.4 + v[1]], "second step", 1e-15)
  }

  func testLongerChainsNest() {
    let chain = Chain(
      ClipByGlobalNorm(maxNorm: 1), WeightDecay(rate: 0.1), ClipByGlobalNorm(maxNorm: 2), Adam())
    let nested: Chain<ClipByGlobalNorm, Chain<WeightDecay, Chain<ClipByGlobalNorm, Adam>>> = chain
    XCTAssertEqual(nested.rule.rule.transformation.maxNorm, 2)
    XCTAssertEqual(nested.rule.rule.rule.beta1, 0.9)
  }

  /// A chain of transformations that do nothing is its rule.
  func testNeutralTransformationsLeaveTheRule() {
    let start = QuadraticModel<Float>.zero
    let plain = last(
      Adam(stepSize: 0.1).iterations(from: start, minimizing: QuadraticModel.objective).prefix(30))!
    let chained = last(
      Chain(WeightDecay(rate: 0), ClipByGlobalNorm(maxNorm: 1e30), Adam(stepSize: 0.1))
        .iterations(from: start, minimizing: QuadraticModel.objective).prefix(30))!
    XCTAssertEqual(plain.solution.flattened(), chained.solution.flattened())
  }
}
