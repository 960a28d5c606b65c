import XCTest
import _TestSupport

@testable import Autodiff

final class MinMaxTests: XCTestCase {
  func testDocumentationExamples() {
    XCTAssertEqual(max(Tensor<Double>([1, 5, 3]), Tensor([4, 2, 3])).scalars, [4, 5, 3])
    XCTAssertEqual(
      gradient(at: Tensor<Double>([1, 5, 3])) { x in max(x, Tensor([4, 2, 3])).sum() }.scalars,
      [0, 1, 1])
    let square = Tensor<Double>(shape: [2, 2], scalars: [1, 5, 3, 0])
    XCTAssertEqual(min(square, Tensor([2, 4])).scalars, [1, 4, 2, 0])
    XCTAssertEqual(max(Tensor<Double>([-1, 0, 2]), 0).scalars, [0, 0, 2])
    XCTAssertEqual(
      gradient(at: Tensor<Double>([-1, 0, 2])) { x in max(x, 0).sum() }.scalars, [0, 1, 1])
    XCTAssertEqual(
      gradient(at: Tensor<Double>([-1, 0, 2])) { y in max(0, y).sum() }.scalars, [0, 0, 1])
    XCTAssertEqual(min(Tensor<Double>([-1, 0, 2]), 1).scalars, [-1, 0, 1])
    XCTAssertEqual(min(1, Tensor<Double>([-1, 1, 2])).scalars, [-1, 1, 1])
  }

  func testValuesAgreeWithSwiftMaxAndMinWhileBroadcasting() {
    let x = testTensor([2, 1, 3], seed: 1)
    let y = testTensor([4, 1], seed: 2)
    let larger = max(x, y)
    let smaller = min(x, y)
    XCTAssertEqual(larger.shape, [2, 4, 3])
    XCTAssertEqual(smaller.shape, [2, 4, 3])
    let (xs, ys) = (x.scalars, y.scalars)
    for i in 0..<2 {
      for j in 0..<4 {
        for k in 0..<3 {
          let flat = (i * 4 + j) * 3 + k
          XCTAssertEqual(larger.scalars[flat], Swift.max(xs[i * 3 + k], ys[j]), "max at \(flat)")
          XCTAssertEqual(smaller.scalars[flat], Swift.min(xs[i * 3 + k], ys[j]), "min at \(flat)")
        }
      }
    }
    // A rank-0 tensor broadcasts like a scalar, on either side.
    let s = Tensor<Double>(0.1)
    XCTAssertEqual(max(s, x).scalars, xs.map { Swift.max(0.1, $0) })
    XCTAssertEqual(min(x, s).scalars, xs.map { Swift.min($0, 0.1) })
    XCTAssertEqual(max(s, Tensor(-0.5)).shape, [])
    XCTAssertEqual(max(0.1, x).scalars, xs.map { Swift.max(0.1, $0) })
    XCTAssertEqual(min(0.1, x).scalars, xs.map { Swift.min(0.1, $0) })
  }

  func testNaNPropagatesFromEitherArgument() {
    let x = Tensor<Double>([.nan, 1, .nan])
    let y = Tensor<Double>([1, .nan, .nan])
    XCTAssertTrue(max(x, y).scalars.allSatisfy(\.isNaN))
    XCTAssertTrue(min(x, y).scalars.allSatisfy(\.isNaN))
    XCTAssertTrue(max(Tensor<Double>([.nan]), 0).scalar.isNaN)
    XCTAssertTrue(min(0, Tensor<Double>([.nan])).scalar.isNaN)
  }

  func testTiesSendTheGradientToTheFirstArgument() {
    let x = Tensor<Double>([1, 2, 3])
    let y = Tensor<Double>([1, 0, 3])
    for op in [max, min] as [(Tensor<Double>, Tensor<Double>) -> Tensor<Double>] {
      let (gx, gy) = gradient(at: x, y) { x, y in op(x, y).sum() }
      XCTAssertEqual(gx.scalars[0] + gy.scalars[0], 1, "the gradient is not split")
      XCTAssertEqual(gx.scalars[0], 1, "tie at 0 goes to x")
      XCTAssertEqual(gx.scalars[2], 1, "tie at 2 goes to x")
      XCTAssertEqual(gy.scalars[0], 0)
      XCTAssertEqual(gy.scalars[2], 0)
    }
    let (gMax, _) = gradient(at: x, y) { x, y in max(x, y).sum() }
    let (gMin, gyMin) = gradient(at: x, y) { x, y in min(x, y).sum() }
    XCTAssertEqual(gMax.scalars, [1, 1, 1])
    XCTAssertEqual(gMin.scalars, [1, 0, 1])
    XCTAssertEqual(gyMin.scalars, [0, 1, 0])
    XCTAssertEqual(gradient(at: x) { x in min(x, 2).sum() }.scalars, [1, 1, 0])
    XCTAssertEqual(gradient(at: x) { x in min(2, x).sum() }.scalars, [1, 0, 0])
  }

  func testGradientsMatchFiniteDifferencesOnOddShapes() {
    // Random values almost surely have no ties, where max and min are smooth.
    let cases: [([Int], [Int])] = [([], [4]), ([5], [5]), ([2, 1, 3], [1, 4, 1]), ([3, 1], [])]
    for (index, (xShape, yShape)) in cases.enumerated() {
      let seed = UInt64(10 * index)
      let x = testTensor(xShape, seed: seed + 1)
      let y = testTensor(yShape, seed: seed + 2)
      let w = testTensor(broadcastShape(xShape, yShape), seed: seed + 3)
      assertGradientIsCorrect(at: x) { x in (max(x, y) * w).sum() }
      assertGradientIsCorrect(at: y) { y in (max(x, y) * w).sum() }
      assertGradientIsCorrect(at: x) { x in (min(x, y) * w).sum() }
      assertGradientIsCorrect(at: y) { y in (min(x, y) * w).sum() }
      let v = testTensor(xShape, seed: seed + 4)
      assertGradientIsCorrect(at: x) { x in (max(x, 0.1) * v).sum() }
      assertGradientIsCorrect(at: x) { x in (max(-0.1, x) * v).sum() }
      assertGradientIsCorrect(at: x) { x in (min(x, 0.1) * v).sum() }
      assertGradientIsCorrect(at: x) { x in (min(-0.1, x) * v).sum() }
    }
  }

  func testHessianVectorProductThroughTheSelection() {
    // f(x) = Σ max(x, y)² has Hessian diag(2·[x > y]).
    let x = Tensor<Double>([1, -1, 2])
    let y = Tensor<Double>([0, 0, 3])
    let v = Tensor<Double>([1, 2, 3])
    let hvp = hessianVectorProduct(at: x, along: v) { x in (max(x, y) * max(x, y)).sum() }
    XCTAssertEqual(hvp.scalars, [2, 0, 0])
    let a = testTensor([2, 3], seed: 41)
    let b = testTensor([3], seed: 42)
    assertHessianVectorProductIsCorrect(at: a, along: testTensor([2, 3], seed: 43)) { a in
      (min(a, b) * max(a, 0) * exp(a)).sum()
    }
  }

  func testFloat() {
    let x = Tensor<Float>([-1, 0.5, 2])
    XCTAssertEqual(max(x, Tensor([0, 1, 1])).scalars, [0, 1, 2])
    XCTAssertEqual(min(x, 0).scalars, [-1, 0, 0])
    XCTAssertEqual(gradient(at: x) { x in max(x, 0).sum() }.scalars, [0, 1, 1])
    XCTAssertEqual(gradient(at: x) { x in min(1, x).sum() }.scalars, [1, 1, 0])
  }
}
