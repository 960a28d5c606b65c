import XCTest
import _TestSupport

final class ConcatenateTests: XCTestCase {
  func testConcatenatingBatches() {
    let a = Tensor<Double>(shape: [1, 2], scalars: [1, 2])
    let b = Tensor<Double>(shape: [2, 2], scalars: [3, 4, 5, 6])
    let y = Tensor(concatenating: [a, b])
    XCTAssertEqual(y.shape, [3, 2])
    XCTAssertEqual(y.scalars, [1, 2, 3, 4, 5, 6])
    let z = Tensor(concatenating: [b, b], alongAxis: -1)
    XCTAssertEqual(z.shape, [2, 4])
    XCTAssertEqual(z.scalars, [3, 4, 3, 4, 5, 6, 5, 6])
  }

  func testConcatenatingAlongAMiddleAxis() {
    let a = Tensor<Double>(shape: [2, 1, 2], scalars: [1, 2, 3, 4])
    let b = Tensor<Double>(shape: [2, 2, 2], scalars: [10, 20, 30, 40, 50, 60, 70, 80])
    let y = Tensor(concatenating: [b, a, b], alongAxis: 1)
    XCTAssertEqual(y.shape, [2, 5, 2])
    XCTAssertEqual(
      y.scalars, [10, 20, 30, 40, 1, 2, 10, 20, 30, 40, 50, 60, 70, 80, 3, 4, 50, 60, 70, 80])
  }

  func testConcatenatingVectorsAndEdgeCases() {
    let y = Tensor(concatenating: [Tensor<Double>([1]), Tensor([2, 3]), Tensor([])])
    XCTAssertEqual(y.shape, [3])
    XCTAssertEqual(y.scalars, [1, 2, 3])
    let single = Tensor<Double>(shape: [2, 1], scalars: [7, 8])
    XCTAssertEqual(Tensor(concatenating: [single], alongAxis: 1).scalars, [7, 8])
    let empty = Tensor<Double>.zeros(shape: [2, 0])
    XCTAssertEqual(Tensor(concatenating: [empty, single, empty], alongAxis: 1).scalars, [7, 8])
  }

  func testGradientSplitsTheUpstreamGradient() {
    let a = Tensor<Double>([1, 2])
    let b = Tensor<Double>([3, 4, 5])
    let w = Tensor<Double>([10, 20, 30, 40, 50])
    let g = gradient(at: [a, b]) { ab in (Tensor(concatenating: ab) * w).sum() }
    XCTAssertEqual(g.map(\.scalars), [[10, 20], [30, 40, 50]])
  }

  func testGradientOfConcatenating() {
    let parts = [
      testTensor([2, 1, 3]), testTensor([2, 2, 3], seed: 2), testTensor([2, 1, 3], seed: 3),
    ]
    let w = testTensor([2, 4, 3], seed: 4)
    assertGradientIsCorrect(at: parts) { parts in
      (Tensor(concatenating: parts, alongAxis: 1) * w).sum()
    }
    let rows = [testTensor([1, 3]), testTensor([2, 3], seed: 2)]
    let u = testTensor([3, 3], seed: 5)
    assertGradientIsCorrect(at: rows) { rows in (Tensor(concatenating: rows) * u).sum() }
    let v = testTensor([3])
    let t = testTensor([9], seed: 6)
    // The same tensor three times: its gradient sums the three slices.
    assertGradientIsCorrect(at: v) { v in (Tensor(concatenating: [v, 2 * v, v]) * t).sum() }
  }

  func testHessianVectorProductThroughConcatenating() {
    let x = testTensor([2, 3])
    let w = testTensor([2, 5], seed: 2)
    assertHessianVectorProductIsCorrect(at: x, along: testTensor([2, 3], seed: 3)) { x in
      let y = Tensor(
        concatenating: [x, x.slice(lowerBounds: [0, 1], upperBounds: [2, 3])], alongAxis: 1)
      return (y * y * y * w).sum()
    }
  }

  func testFloatConcatenating() {
    let a = Tensor<Float>([1, 2])
    let y = Tensor(concatenating: [a, Tensor([3])])
    XCTAssertEqual(y.scalars, [1, 2, 3])
    let w = Tensor<Float>([1, 10, 100, 1000])
    XCTAssertEqual(
      gradient(at: a) { a in (Tensor(concatenating: [a, a]) * w).sum() }.scalars, [101, 1010])
  }

  func testPreconditionMessages() {
    let a = Tensor<Double>.zeros(shape: [2, 3])
    let b = Tensor<Double>.zeros(shape: [2, 4])
    assertPreconditionFailure(
      self, containing: "tensor 2 has shape [2, 4] and tensor 0 has shape [2, 3]",
      "except for dimension 0"
    ) {
      _ = Tensor(concatenating: [a, a, b])
    }
    assertPreconditionFailure(self, containing: "tensor 1 has shape [6]") {
      _ = Tensor(concatenating: [a, Tensor.zeros(shape: [6])])
    }
    assertPreconditionFailure(self, containing: "no tensors to concatenate") {
      _ = Tensor<Double>(concatenating: [])
    }
    assertPreconditionFailure(self, containing: "axis 2 is out of range for shape [2, 3]") {
      _ = Tensor(concatenating: [a, a], alongAxis: 2)
    }
  }
}
