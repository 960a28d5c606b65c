import XCTest
import _TestSupport

final class GatherTests: XCTestCase {
  func testGatheringRowsOfABatch() {
    let x = Tensor<Double>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
    let rows = x.gathering(atIndices: [2, 0, 2], alongAxis: 0)
    XCTAssertEqual(rows.shape, [3, 2])
    XCTAssertEqual(rows.scalars, [5, 6, 1, 2, 5, 6])
    let column = x.gathering(atIndices: [1], alongAxis: -1)
    XCTAssertEqual(column.shape, [3, 1])
    XCTAssertEqual(column.scalars, [2, 4, 6])
  }

  func testGatheringAlongAMiddleAxis() {
    // x[i, j, k] = 100i + 10j + k
    let x = Tensor<Double>(
      shape: [2, 3, 2], scalars: [0, 1, 10, 11, 20, 21, 100, 101, 110, 111, 120, 121])
    let y = x.gathering(atIndices: [2, 2, 0, 1], alongAxis: 1)
    XCTAssertEqual(y.shape, [2, 4, 2])
    XCTAssertEqual(
      y.scalars, [20, 21, 20, 21, 0, 1, 10, 11, 120, 121, 120, 121, 100, 101, 110, 111])
  }

  func testGatheringFromAVector() {
    let x = Tensor<Double>([10, 20, 30])
    XCTAssertEqual(x.gathering(atIndices: [1, 1, 0, 2], alongAxis: 0).scalars, [20, 20, 10, 30])
    let none = x.gathering(atIndices: [], alongAxis: 0)
    XCTAssertEqual(none.shape, [0])
    XCTAssertEqual(none.scalars, [])
  }

  func testGradientAddsUpRepeatedIndices() {
    let x = Tensor<Double>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
    let w = Tensor<Double>(shape: [3, 2], scalars: [1, 2, 10, 20, 100, 200])
    let g = gradient(at: x) { x in (x.gathering(atIndices: [0, 0, 2], alongAxis: 0) * w).sum() }
    XCTAssertEqual(g.shape, [3, 2])
    XCTAssertEqual(g.scalars, [11, 22, 0, 0, 100, 200])
  }

  func testGradientOfGathering() {
    let x = testTensor([2, 3, 4])
    let w = testTensor([2, 5, 4], seed: 2)
    assertGradientIsCorrect(at: x) { x in
      (x.gathering(atIndices: [1, 1, 0, 2, 1], alongAxis: 1) * w).sum()
    }
    let u = testTensor([2, 3, 2], seed: 3)
    assertGradientIsCorrect(at: x) { x in
      (x.gathering(atIndices: [3, 3], alongAxis: -1) * u).sum()
    }
    let v = testTensor([4])
    let t = testTensor([6], seed: 4)
    assertGradientIsCorrect(at: v) { v in
      (v.gathering(atIndices: [3, 0, 3, 3, 1, 0], alongAxis: 0) * t).sum()
    }
    let single = testTensor([1, 3, 1])
    let s = testTensor([1, 3, 1], seed: 5)
    assertGradientIsCorrect(at: single) { x in
      (x.gathering(atIndices: [0, 0, 0], alongAxis: -2) * s).sum()
    }
  }

  func testHessianVectorProductThroughGathering() {
    let x = testTensor([3, 2])
    let w = testTensor([4, 2], seed: 2)
    assertHessianVectorProductIsCorrect(at: x, along: testTensor([3, 2], seed: 3)) { x in
      let y = x.gathering(atIndices: [2, 0, 2, 1], alongAxis: 0)
      return (y * y * y * w).sum()
    }
  }

  func testFloatGathering() {
    let x = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
    let y = x.gathering(atIndices: [1, 1], alongAxis: 0)
    XCTAssertEqual(y.scalars, [3, 4, 3, 4])
    XCTAssertEqual(
      gradient(at: x) { x in (x.gathering(atIndices: [1, 1], alongAxis: 0)).sum() }.scalars,
      [0, 0, 2, 2])
  }

  func testPreconditionMessages() {
    let x = Tensor<Double>.zeros(shape: [5, 3])
    assertPreconditionFailure(
      self, containing: "index 5 is out of range for dimension 0 of shape [5, 3]", "0..<5"
    ) {
      _ = x.gathering(atIndices: [0, 5], alongAxis: 0)
    }
    assertPreconditionFailure(self, containing: "index -1 is out of range", "0..<3") {
      _ = x.gathering(atIndices: [-1], alongAxis: 1)
    }
    assertPreconditionFailure(self, containing: "axis 2 is out of range for shape [5, 3]") {
      _ = x.gathering(atIndices: [0], alongAxis: 2)
    }
  }
}
