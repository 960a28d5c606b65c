import XCTest
import _TestSupport

final class SliceTests: XCTestCase {
  func testSliceOfAMatrix() {
    let x = Tensor<Double>(shape: [3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
    let y = x.slice(lowerBounds: [1, 0], upperBounds: [3, 2])
    XCTAssertEqual(y.shape, [2, 2])
    XCTAssertEqual(y.scalars, [4, 5, 7, 8])
    XCTAssertEqual(x.slice(lowerBounds: [0, 2], upperBounds: [3, 3]).scalars, [3, 6, 9])
    XCTAssertEqual(x.slice(lowerBounds: [0, 0], upperBounds: [3, 3]).scalars, x.scalars)
    XCTAssertEqual(x.slice(lowerBounds: [1, 1], upperBounds: [1, 3]).shape, [0, 2])
  }

  func testSliceOfARank3Tensor() {
    // x[i, j, k] = 100i + 10j + k
    let x = Tensor<Double>(
      shape: [2, 3, 2], scalars: [0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121])
    let y = x.slice(lowerBounds: [0, 1, 1], upperBounds: [2, 3, 2])
    XCTAssertEqual(y.shape, [2, 2, 1])
    XCTAssertEqual(y.scalars, [11, 21, 111, 121])
    // Whole trailing axes: one contiguous run per leading index.
    XCTAssertEqual(
      x.slice(lowerBounds: [0, 1, 0], upperBounds: [2, 2, 2]).scalars, [10, 11, 110, 111])
    XCTAssertEqual(
      Tensor<Double>([1, 2, 3, 4]).slice(lowerBounds: [1], upperBounds: [3]).scalars, [2, 3])
    XCTAssertEqual(Tensor<Double>(7).slice(lowerBounds: [], upperBounds: []).scalar, 7)
  }

  func testRowsSubscript() {
    let x = Tensor<Double>(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
    XCTAssertEqual(x[1..<3].shape, [2, 2])
    XCTAssertEqual(x[1..<3].scalars, [3, 4, 5, 6])
    XCTAssertEqual(x[2...].scalars, [5, 6, 7, 8])
    XCTAssertEqual(x[..<1].scalars, [1, 2])
    XCTAssertEqual(x[...0].scalars, [1, 2])
    XCTAssertEqual(x[3...3].shape, [1, 2])
    XCTAssertEqual(x[4...].shape, [0, 2])
    XCTAssertEqual(Tensor<Double>([5, 6, 7])[1...].scalars, [6, 7])
  }

  func testGradientPadsWithZeros() {
    let x = Tensor<Double>(shape: [3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
    let w = Tensor<Double>(shape: [2, 2], scalars: [10, 20, 30, 40])
    let g = gradient(at: x) { x in (x.slice(lowerBounds: [1, 0], upperBounds: [3, 2]) * w).sum() }
    XCTAssertEqual(g.shape, [3, 3])
    XCTAssertEqual(g.scalars, [0, 0, 0, 10, 20, 0, 30, 40, 0])
  }

  func testGradientOfSlice() {
    let x = testTensor([3, 4, 2])
    let w = testTensor([2, 2, 1], seed: 2)
    assertGradientIsCorrect(at: x) { x in
      (x.slice(lowerBounds: [1, 1, 1], upperBounds: [3, 3, 2]) * w).sum()
    }
    let u = testTensor([3, 1, 2], seed: 3)
    assertGradientIsCorrect(at: x) { x in
      (x.slice(lowerBounds: [0, 2, 0], upperBounds: [3, 3, 2]) * u).sum()
    }
    let v = testTensor([5])
    let t = testTensor([3], seed: 4)
    assertGradientIsCorrect(at: v) { v in (v.slice(lowerBounds: [2], upperBounds: [5]) * t).sum() }
    let rows = testTensor([4, 1, 3])
    let s = testTensor([2, 1, 3], seed: 5)
    assertGradientIsCorrect(at: rows) { x in (x[1..<3] * s).sum() }
  }

  func testHessianVectorProductThroughSlice() {
    let x = testTensor([3, 4])
    let w = testTensor([2, 3], seed: 2)
    assertHessianVectorProductIsCorrect(at: x, along: testTensor([3, 4], seed: 3)) { x in
      let y = x.slice(lowerBounds: [1, 0], upperBounds: [3, 3])
      return (y * y * y * w).sum()
    }
  }

  func testFloatSlice() {
    let x = Tensor<Float>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(x[1...].scalars, [3, 4, 5, 6])
    XCTAssertEqual(gradient(at: x) { x in x[1..<2].sum() }.scalars, [0, 0, 1, 1, 0, 0])
  }

  func testPreconditionMessages() {
    let x = Tensor<Double>.zeros(shape: [4, 3])
    assertPreconditionFailure(
      self, containing: "along axis 1 the range 1..<4 is not within 0...3 (shape [4, 3])"
    ) {
      _ = x.slice(lowerBounds: [0, 1], upperBounds: [4, 4])
    }
    assertPreconditionFailure(self, containing: "needs 2 lower and 2 upper bounds") {
      _ = x.slice(lowerBounds: [0], upperBounds: [4])
    }
    assertPreconditionFailure(self, containing: "rows 2..<6 are not within 0..<4 (shape [4, 3])") {
      _ = x[2..<6]
    }
    assertPreconditionFailure(self, containing: "shape [] has no rows") {
      _ = Tensor<Double>(1)[0..<1]
    }
  }
}
