import XCTest
import _TestSupport

final class TransposeTests: XCTestCase {
  func testTransposedMatrix() {
    let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let y = x.transposed()
    XCTAssertEqual(y.shape, [3, 2])
    XCTAssertEqual(y.scalars, [1, 4, 2, 5, 3, 6])
    XCTAssertEqual(y.transposed().scalars, x.scalars)
  }

  func testTransposedReversesAllAxes() {
    let x = Tensor<Double>(shape: [2, 2, 2], scalars: [0, 1, 2, 3, 4, 5, 6, 7])
    // y[k, j, i] = x[i, j, k] = 4i + 2j + k, listed in the order of (k, j, i).
    XCTAssertEqual(x.transposed().scalars, [0, 4, 2, 6, 1, 5, 3, 7])
    XCTAssertEqual(Tensor<Double>([1, 2, 3]).transposed().scalars, [1, 2, 3])
    XCTAssertEqual(Tensor<Double>(4).transposed().scalar, 4)
  }

  func testNHWCToNCHW() {
    let images = Tensor<Double>.zeros(shape: [8, 28, 28, 3])
    XCTAssertEqual(images.transposed(permutation: [0, 3, 1, 2]).shape, [8, 3, 28, 28])
    // One 1×2×3 "image" with channels last: channel c of pixel (h, w) is 10c + w.
    let x = Tensor<Double>(shape: [1, 1, 2, 3], scalars: [0, 10, 20, 1, 11, 21])
    XCTAssertEqual(
      x.transposed(permutation: [0, 3, 1, 2]).scalars, [0, 1, 10, 11, 20, 21])
  }

  func testEveryPermutationMatchesTheDefinition() {
    let shapes: [[Int]] = [[2, 3, 4], [3, 1, 2], [1, 4, 1], [2, 3, 4, 5], [1, 2, 1, 3]]
    for shape in shapes {
      let x = testTensor(shape)
      for permutation in permutations(of: Array(shape.indices)) {
        let y = x.transposed(permutation: permutation)
        XCTAssertEqual(y.shape, permutation.map { shape[$0] })
        XCTAssertEqual(
          y.scalars, reference(x, permutation), "shape \(shape), permutation \(permutation)")
      }
    }
  }

  func testLargeMatrixAcrossTileBoundaries() {
    for (rows, columns) in [(70, 45), (33, 1), (1, 100), (64, 64)] {
      let x = testTensor([rows, columns])
      XCTAssertEqual(x.transposed().scalars, reference(x, [1, 0]), "\(rows) × \(columns)")
    }
  }

  func testNegativeAxesInThePermutation() {
    let x = testTensor([2, 3, 4])
    XCTAssertEqual(
      x.transposed(permutation: [-1, 0, -2]).scalars, x.transposed(permutation: [2, 0, 1]).scalars)
  }

  func testTransposeThatMovesNoScalarSharesStorage() {
    let row = testTensor([1, 3])
    let column = row.transposed()
    XCTAssertEqual(column.shape, [3, 1])
    XCTAssertEqual(column.scalars, row.scalars)
    XCTAssertEqual(
      column.withUnsafeBufferPointer { $0.baseAddress },
      row.withUnsafeBufferPointer { $0.baseAddress })
  }

  func testGradientIsTheInversePermutation() {
    let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let w = Tensor<Double>(shape: [3, 2], scalars: [10, 40, 20, 50, 30, 60])
    let g = gradient(at: x) { x in (x.transposed() * w).sum() }
    XCTAssertEqual(g.shape, [2, 3])
    XCTAssertEqual(g.scalars, [10, 20, 30, 40, 50, 60])
  }

  func testGradientOfTransposed() {
    let x = testTensor([3, 4])
    let w = testTensor([4, 3], seed: 2)
    assertGradientIsCorrect(at: x) { x in (x.transposed() * w).sum() }
    let y = testTensor([2, 1, 3])
    let u = testTensor([3, 2, 1], seed: 3)
    assertGradientIsCorrect(at: y) { y in (y.transposed(permutation: [2, 0, 1]) * u).sum() }
    let z = testTensor([4])
    assertGradientIsCorrect(at: z) { z in (z.transposed() * z).sum() }
  }

  func testHessianVectorProductThroughTransposed() {
    let x = testTensor([2, 3, 2])
    let w = testTensor([3, 2, 2], seed: 2)
    assertHessianVectorProductIsCorrect(at: x, along: testTensor([2, 3, 2], seed: 3)) { x in
      let y = x.transposed(permutation: [1, 2, 0])
      return (y * y * y * w).sum()
    }
  }

  func testFloatTranspose() {
    let x = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
    XCTAssertEqual(x.transposed().scalars, [1, 3, 2, 4])
    let w = Tensor<Float>(shape: [2, 2], scalars: [1, 0, 0, 0])
    XCTAssertEqual(gradient(at: x) { x in (x.transposed() * w).sum() }.scalars, [1, 0, 0, 0])
    let v = Tensor<Float>(shape: [2, 2], scalars: [0, 1, 0, 0])
    XCTAssertEqual(gradient(at: x) { x in (x.transposed() * v).sum() }.scalars, [0, 0, 1, 0])
  }

  func testPreconditionMessages() {
    let x = Tensor<Double>.zeros(shape: [2, 3])
    assertPreconditionFailure(self, containing: "shape [2, 3] has 2 axes") {
      _ = x.transposed(permutation: [0])
    }
    assertPreconditionFailure(self, containing: "an axis is repeated", "0..<2") {
      _ = x.transposed(permutation: [1, -1])
    }
    assertPreconditionFailure(self, containing: "axis 2 is out of range for shape [2, 3]") {
      _ = x.transposed(permutation: [2, 0])
    }
  }
}

/// `x` with its axes permuted, computed scalar by scalar from multi-indices: independent of the
/// kernels under test.
private func reference(_ x: Tensor<Double>, _ permutation: [Int]) -> [Double] {
  let shape = x.shape
  let outputShape = permutation.map { shape[$0] }
  let scalars = x.scalars
  return (0..<x.scalarCount).map { flat in
    var remainder = flat
    var outputIndex = [Int](repeating: 0, count: shape.count)
    for axis in outputShape.indices.reversed() {
      outputIndex[axis] = remainder % outputShape[axis]
      remainder /= outputShape[axis]
    }
    var inputIndex = [Int](repeating: 0, count: shape.count)
    for (axis, source) in permutation.enumerated() { inputIndex[source] = outputIndex[axis] }
    return scalars[inputIndex.indices.reduce(0) { $0 * shape[$1] + inputIndex[$1] }]
  }
}

private func permutations(of elements: [Int]) -> [[Int]] {
  guard elements.count > 1 else { return [elements] }
  return elements.indices.flatMap { i in
    var rest = elements
    let first = rest.remove(at: i)
    return permutations(of: rest).map { [first] + $0 }
  }
}
