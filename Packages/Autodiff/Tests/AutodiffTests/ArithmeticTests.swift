import XCTest
import _TestSupport

@testable import Autodiff

final class ArithmeticTests: XCTestCase {
  func testBroadcastingValues() {
    let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    XCTAssertEqual((x + Tensor([10, 20, 30])).scalars, [11, 22, 33, 14, 25, 36])
    XCTAssertEqual((x * Tensor(shape: [2, 1], scalars: [2, 3])).scalars, [2, 4, 6, 12, 15, 18])
    XCTAssertEqual((x - Tensor(1)).scalars, [0, 1, 2, 3, 4, 5])
    XCTAssertEqual((Tensor(1) - x).scalars, [0, -1, -2, -3, -4, -5])
    XCTAssertEqual((x / 2).scalars, [0.5, 1, 1.5, 2, 2.5, 3])
    XCTAssertEqual((12 / x).scalars, [12, 6, 4, 3, 2.4, 2])
    XCTAssertEqual((-x).scalars, [-1, -2, -3, -4, -5, -6])
    let column = Tensor<Double>(shape: [3, 1], scalars: [1, 2, 3])
    let row = Tensor<Double>(shape: [1, 2], scalars: [10, 20])
    let outer = column * row
    XCTAssertEqual(outer.shape, [3, 2])
    XCTAssertEqual(outer.scalars, [10, 20, 20, 40, 30, 60])
    let cube = testTensor([2, 1, 3]) + testTensor([4, 1], seed: 2)
    XCTAssertEqual(cube.shape, [2, 4, 3])
    XCTAssertEqual(broadcastShape([5, 1, 3], [4, 1]), [5, 4, 3])
    XCTAssertEqual(broadcastShape([], [2, 2]), [2, 2])
    // A 1 stretches to any size, 0 included; the result may be neither input.
    XCTAssertEqual(broadcastShape([2, 0], []), [2, 0])
    XCTAssertEqual(broadcastShape([2, 1], [2, 0]), [2, 0])
    XCTAssertEqual(broadcastShape([3, 1], [1, 4]), [3, 4])
    XCTAssertEqual(broadcastShape([1, 4], [3, 1]), [3, 4])
    XCTAssertTrue(broadcasts([3], to: [2, 3]))
    XCTAssertTrue(broadcasts([1], to: [0]))
    XCTAssertTrue(broadcasts([], to: [2, 2]))
    XCTAssertFalse(broadcasts([0], to: [3]))
    XCTAssertFalse(broadcasts([2, 3], to: [3]))
    XCTAssertFalse(broadcasts([2, 1], to: [3, 4]))
  }

  func testSumToShapeIsTheAdjointOfBroadcast() {
    let x = testTensor([2, 4, 3])
    let summed = x.sum(toShape: [4, 1])
    XCTAssertEqual(summed.shape, [4, 1])
    let scalars = x.scalars
    for j in 0..<4 {
      var expected = 0.0
      for i in 0..<2 { for k in 0..<3 { expected += scalars[(i * 4 + j) * 3 + k] } }
      XCTAssertEqual(summed.scalars[j], expected, accuracy: 1e-12)
    }
    // ⟨broadcast(y), x⟩ = ⟨y, sum(x)⟩: the two are adjoint.
    let y = testTensor([4, 1], seed: 5)
    XCTAssertEqual(
      (y.broadcast(toShape: [2, 4, 3]) * x).sum().scalar, (y * summed).sum().scalar,
      accuracy: 1e-12)
  }

  func testGradientsOfArithmeticMatchFiniteDifferences() {
    let a = testTensor([2, 3], seed: 1)
    let b = testTensor([3], seed: 2)
    let c = testTensor([2, 1], seed: 3) + Tensor(2)  // away from zero for division
    let w = testTensor([2, 3], seed: 4)
    assertGradientIsCorrect(at: a) { a in ((a + b) * w).sum() }
    assertGradientIsCorrect(at: b) { b in ((a - b) * w).sum() }
    assertGradientIsCorrect(at: b) { b in ((a * b) * w).sum() }
    assertGradientIsCorrect(at: a) { a in ((a / c) * w).sum() }
    assertGradientIsCorrect(at: c) { c in ((a / c) * w).sum() }
    assertGradientIsCorrect(at: a) { a in
      let scaled: Tensor<Double> = 3 * -a + Tensor(2)
      let mixed: Tensor<Double> = scaled - a / 4 + 1 / c
      return (mixed * a).sum()
    }
    assertGradientIsCorrect(at: a) { a in (a * a * a).mean() }
    assertGradientIsCorrect(at: a) { a in (a.sum(toShape: [1, 3]) * b).sum() }
    assertGradientIsCorrect(at: b) { b in (b.broadcast(toShape: [2, 3]) * w).sum() }
    assertGradientIsCorrect(at: Tensor<Double>(0.7)) { s in (s * a + s * s).sum() }
  }

  func testHessianVectorProductsOfArithmeticAreExact() {
    let a = testTensor([2, 3], seed: 1) + Tensor(3)
    let v = testTensor([2, 3], seed: 9)
    assertHessianVectorProductIsCorrect(at: a, along: v) { a in (a * a * a / (a + Tensor(1))).sum()
    }
    // f(x) = Σ xᵢ³ has Hessian diag(6x).
    let x = Tensor<Double>([1, 2])
    let hvp = hessianVectorProduct(at: x, along: Tensor([1, 1])) { x in (x * x * x).sum() }
    XCTAssertEqual(hvp.scalars, [6, 12])
  }

  func testSumsAndDifferencesPullBackToBothInputsWithoutStoringThem() {
    // A sum's node keeps neither input: each gradient is summed to the shape of the input's own
    // node. Both inputs recorded, one broadcast, one used twice:
    let a = testTensor([2, 3], seed: 5)
    let b = testTensor([3], seed: 6)
    let w = testTensor([2, 3], seed: 7)
    let (ga, gb) = gradient(at: a, b) { a, b in ((a - b) * w + a + a - b).sum() }
    // ∂/∂a = w + 2 and ∂/∂b = −Σ_rows w − 2 (b is broadcast over the two rows, twice).
    let expectedA = w.scalars.map { $0 + 2 }
    let columnSums = (0..<3).map { w.scalars[$0] + w.scalars[$0 + 3] }
    assertSameScalars(ga.scalars, expectedA, "∂/∂a", 1e-12)
    assertSameScalars(gb.scalars, columnSums.map { -$0 - 2 }, "∂/∂b", 1e-12)
    assertGradientIsCorrect(at: b) { b in ((a - b) * (a + b) - b).sum() }
    // Second order through sums and differences of recorded terms (nested tapes).
    assertHessianVectorProductIsCorrect(at: a, along: w) { a in ((a - b) * (a + b) * a - a).sum() }
  }

  func testASquareHasTheGradientOfAProductOfTwoEqualFactors() {
    // A recorded tensor times itself records a square; its gradient is 2·g·x, the same bits as
    // the product's g·x + g·x.
    let a = testTensor([2, 3], seed: 8)
    let w = testTensor([2, 3], seed: 9)
    let square = gradient(at: a) { a in (a * a * w).sum() }
    let product = gradient(at: a) { a in (a * (a + Tensor(0)) * w).sum() }
    XCTAssertEqual(square.scalars, product.scalars)
    assertSameScalars(square.scalars, zip(a.scalars, w.scalars).map { 2 * $0 * $1 }, "2aw", 1e-12)
    assertGradientIsCorrect(at: a) { a in ((a * a) * w - a).sum() }
    // Second order (through the square and the sum of all elements): the Hessian of Σ wᵢ aᵢ² is
    // diag(2w).
    let hvp = hessianVectorProduct(at: a, along: Tensor(repeating: 1, shape: [2, 3])) { a in
      (a * a * w).sum()
    }
    assertSameScalars(hvp.scalars, w.scalars.map { 2 * $0 }, "diag(2w)", 1e-12)
  }

  func testMeanOfAnEmptyTensorIsNaNLikeTheAxisMean() {
    XCTAssertTrue(Tensor<Double>.zeros(shape: [0]).mean().scalar.isNaN)
    XCTAssertEqual(Tensor<Double>([1, 2, 6]).mean().scalar, 3)
  }

  func testFloatArithmeticAndGradients() {
    let x = Tensor<Float>([1, 2, 3])
    let g = gradient(at: x) { x in (x * x).sum() }
    XCTAssertEqual(g.scalars, [2, 4, 6])
  }

  /// The tape pulls back through products and scalings in the upstream gradient's buffer; a
  /// sum hands one gradient buffer to both of its inputs, so that buffer must be copied, not
  /// overwritten.
  func testInPlacePullbacksNeverOverwriteASharedGradient() {
    let x = Tensor<Double>([1, 2, 3])
    let c = Tensor<Double>([10, 20, 30])
    XCTAssertEqual(gradient(at: x) { x in (3 * x + 5 * x).sum() }.scalars, [8, 8, 8])
    XCTAssertEqual(gradient(at: x) { x in (x * c + c * x).sum() }.scalars, [20, 40, 60])
    XCTAssertEqual(gradient(at: x) { x in (x * c + 2 * x).sum() }.scalars, [12, 22, 32])
    let seed = Tensor<Double>([1, 1, 1])
    XCTAssertEqual(pullback(at: x) { x in 2 * (x * c) }(seed).scalars, [20, 40, 60])
    XCTAssertEqual(seed.scalars, [1, 1, 1], "the seed is the caller's")
  }
}
