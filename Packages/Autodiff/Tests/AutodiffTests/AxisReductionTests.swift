import XCTest
import _TestSupport

@testable import Autodiff

final class AxisReductionTests: XCTestCase {
  let matrix = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
  let ties = Tensor<Double>(shape: [2, 3], scalars: [1, 9, 3, 8, 5, 8])

  /// Sums over leading axes, narrow (vectors of 8 rows split into columns) and wide (whole rows
  /// added), against a plain loop: wide ones add in the same order, equal to the last bit; narrow
  /// ones in another, equal to rounding.
  func testSumsOverLeadingAxesMatchAPlainLoop() {
    for shape in [[300, 3], [7, 1], [5, 7], [21, 7], [5, 8], [3, 2, 9], [4, 33]] {
      let x = testTensor(shape, seed: UInt64(shape.reduce(0, +)))
      let width = shape.last!
      var expected = [Double](repeating: 0, count: width)
      for (i, value) in x.scalars.enumerated() { expected[i % width] += value }
      let axes = Array(0..<(shape.count - 1))
      let sums = x.sum(alongAxes: axes).scalars
      if width >= 8 {
        XCTAssertEqual(sums, expected, "\(shape)")
      } else {
        for (sum, reference) in zip(sums, expected) {
          XCTAssertEqual(sum, reference, accuracy: 1e-13, "\(shape)")
        }
      }
    }
  }

  /// Every narrow width and every number of rows around whole blocks of 8, on small integers
  /// (whose sums are exact in any order): the columns never mix.
  func testNarrowColumnSumsKeepEveryColumnApart() {
    for columns in 1...7 {
      for rows in 0...26 {
        let scalars = (0..<(rows * columns)).map { Double(($0 * 37 + $0 / columns) % 23) - 11 }
        var expected = [Double](repeating: 0, count: columns)
        for (i, value) in scalars.enumerated() { expected[i % columns] += value }
        var sums = [Double](repeating: .nan, count: columns)
        scalars.withUnsafeBufferPointer { input in
          sums.withUnsafeMutableBufferPointer { output in
            ReductionKernels.sumNarrowColumns(
              input.baseAddress ?? UnsafePointer(output.baseAddress!), rows: rows,
              columns: columns, into: output.baseAddress!)
          }
        }
        XCTAssertEqual(sums, expected, "\(rows) × \(columns)")
      }
    }
  }

  func testDocumentationExamples() {
    XCTAssertEqual(matrix.sum(alongAxes: [0]).scalars, [5, 7, 9])
    XCTAssertEqual(matrix.sum(alongAxes: [-1], keepingDimensions: true).shape, [2, 1])
    XCTAssertEqual(matrix.sum(alongAxes: [0, 1]).scalars, [21])
    XCTAssertEqual(matrix.sum(alongAxis: 1).scalars, [6, 15])
    XCTAssertEqual(matrix.mean(alongAxes: [0]).scalars, [2.5, 3.5, 4.5])
    XCTAssertEqual(matrix.mean(alongAxis: -1).scalars, [2, 5])
    let x = Tensor<Double>([3, 7, 7, 1])
    XCTAssertEqual(x.max().scalar, 7)
    XCTAssertEqual(gradient(at: x) { x in x.max() }.scalars, [0, 1, 0, 0])
    XCTAssertEqual(Tensor<Double>([3, 1, 7, 1]).min().scalar, 1)
    XCTAssertEqual(ties.max(alongAxis: 1).scalars, [9, 8])
    XCTAssertEqual(ties.max(alongAxis: 0).scalars, [8, 9, 8])
    XCTAssertEqual(ties.min(alongAxis: 1).scalars, [1, 5])
    XCTAssertEqual(ties.argmax(alongAxis: 1), [1, 0])
    XCTAssertEqual(ties.argmax(alongAxis: 0), [1, 0, 1])
    XCTAssertEqual(ties.argmin(alongAxis: 1), [0, 1])
  }

  func testSumsAlongEveryAxisSetOfARank3TensorMatchLoops() {
    let x = testTensor([2, 3, 4], seed: 1)
    let s = x.scalars
    func at(_ i: Int, _ j: Int, _ k: Int) -> Double { s[(i * 3 + j) * 4 + k] }
    var alongMiddle: [Double] = []
    for i in 0..<2 {
      for k in 0..<4 { alongMiddle.append((0..<3).reduce(0) { $0 + at(i, $1, k) }) }
    }
    var alongOuterAndLast: [Double] = []
    for j in 0..<3 {
      alongOuterAndLast.append(
        (0..<2).reduce(0) { t, i in (0..<4).reduce(t) { $0 + at(i, j, $1) } })
    }
    let middle = x.sum(alongAxis: 1)
    XCTAssertEqual(middle.shape, [2, 4])
    assertSameScalars(middle.scalars, alongMiddle, "sum along 1", 1e-14)
    XCTAssertEqual(x.sum(alongAxis: -2, keepingDimensions: true).shape, [2, 1, 4])
    assertSameScalars(x.sum(alongAxis: -2).scalars, alongMiddle, "sum along -2", 1e-14)
    let outerAndLast = x.sum(alongAxes: [2, 0])
    XCTAssertEqual(outerAndLast.shape, [3])
    assertSameScalars(outerAndLast.scalars, alongOuterAndLast, "sum along [2, 0]", 1e-14)
    XCTAssertEqual(x.sum(alongAxes: [0, -1], keepingDimensions: true).shape, [1, 3, 1])
    let all = x.sum(alongAxes: [0, 1, 2])
    XCTAssertEqual(all.shape, [])
    XCTAssertEqual(all.scalar, x.sum().scalar, accuracy: 1e-14)
    assertSameScalars(
      x.mean(alongAxes: [0, 2]).scalars, alongOuterAndLast.map { $0 / 8 }, "mean", 1e-14)
    XCTAssertEqual(x.mean(alongAxes: [1], keepingDimensions: true).shape, [2, 1, 4])
  }

  func testNoAxesAndRankZeroAreNotReduced() {
    let x = testTensor([2, 3], seed: 2)
    XCTAssertEqual(x.sum(alongAxes: []).shape, [2, 3])
    XCTAssertEqual(x.sum(alongAxes: []).scalars, x.scalars)
    XCTAssertEqual(x.mean(alongAxes: []).scalars, x.scalars)
    let scalar = Tensor<Double>(2.5)
    XCTAssertEqual(scalar.sum(alongAxes: []).scalar, 2.5)
    XCTAssertEqual(scalar.max().scalar, 2.5)
    XCTAssertEqual(scalar.min().shape, [])
  }

  func testEmptyAxesSumToZeroAndAverageToNaN() {
    let empty = Tensor<Double>(shape: [2, 0], scalars: [])
    XCTAssertEqual(empty.sum(alongAxis: 1).scalars, [0, 0])
    XCTAssertEqual(empty.sum(alongAxis: 0).shape, [0])
    XCTAssertTrue(empty.mean(alongAxis: 1).scalars.allSatisfy(\.isNaN))
  }

  func testExtremaAlongEachAxisMatchLoops() {
    let x = testTensor([3, 1, 4], seed: 3)
    let s = x.scalars
    for (axis, expectedShape) in [(0, [1, 4]), (1, [3, 4]), (2, [3, 1]), (-1, [3, 1])] {
      let reducedLength = x.shape[(axis + 3) % 3]
      let largest = x.max(alongAxis: axis)
      let smallest = x.min(alongAxis: axis, keepingDimensions: true)
      XCTAssertEqual(largest.shape, expectedShape, "axis \(axis)")
      var keptShape = x.shape
      keptShape[(axis + 3) % 3] = 1
      XCTAssertEqual(smallest.shape, keptShape, "axis \(axis)")
      let positions = x.argmax(alongAxis: axis)
      let minimumPositions = x.argmin(alongAxis: axis)
      XCTAssertEqual(positions.count, largest.scalarCount)
      // Check each slice by brute force, addressing it through the flat index of its first
      // element and the stride of the axis.
      let stride = [4, 4, 1][(axis + 3) % 3]
      for (r, start) in sliceStarts(shape: [3, 1, 4], axis: (axis + 3) % 3).enumerated() {
        let slice = (0..<reducedLength).map { s[start + $0 * stride] }
        XCTAssertEqual(largest.scalars[r], slice.max()!, "max, axis \(axis), slice \(r)")
        XCTAssertEqual(smallest.scalars[r], slice.min()!, "min, axis \(axis), slice \(r)")
        XCTAssertEqual(positions[r], slice.firstIndex(of: slice.max()!)!, "argmax \(r)")
        XCTAssertEqual(minimumPositions[r], slice.firstIndex(of: slice.min()!)!, "argmin \(r)")
      }
    }
    XCTAssertEqual(x.max().scalar, s.max()!)
    XCTAssertEqual(x.min().scalar, s.min()!)
  }

  /// The flat index of the first element of each slice along `axis`, in row-major order.
  private func sliceStarts(shape: [Int], axis: Int) -> [Int] {
    let inner = shape[(axis + 1)...].reduce(1, *)
    let outer = shape[..<axis].reduce(1, *)
    return (0..<outer).flatMap { o in (0..<inner).map { o * shape[axis] * inner + $0 } }
  }

  func testTiesGoToTheFirstAndNaNWins() {
    let tied = Tensor<Double>(shape: [2, 2, 2], scalars: [1, 5, 1, 5, 2, 2, 0, 7])
    XCTAssertEqual(tied.argmax(alongAxis: 1), [0, 0, 0, 1])
    XCTAssertEqual(tied.argmax(alongAxis: 2), [1, 1, 0, 1])
    XCTAssertEqual(tied.argmin(alongAxis: 2), [0, 0, 0, 0])
    let g = gradient(at: tied) { x in x.max(alongAxis: 2).sum() }
    XCTAssertEqual(g.scalars, [0, 1, 0, 1, 1, 0, 0, 1])
    XCTAssertEqual(gradient(at: tied) { x in x.min() }.scalars, [0, 0, 0, 0, 0, 0, 1, 0])
    let withNaN = Tensor<Double>(shape: [2, 3], scalars: [1, .nan, 3, 4, 5, 6])
    XCTAssertEqual(withNaN.argmax(alongAxis: 1), [1, 2])
    XCTAssertEqual(withNaN.argmin(alongAxis: 1), [1, 0])
    XCTAssertTrue(withNaN.max().scalar.isNaN)
    XCTAssertTrue(withNaN.min(alongAxis: 0).scalars[1].isNaN)
  }

  func testGradientsMatchFiniteDifferencesOnOddShapes() {
    let cases: [([Int], [Int])] = [
      ([5], [0]), ([2, 1, 3], [1]), ([2, 1, 3], [0, 2]), ([3, 4], [-1]),
    ]
    for (index, (shape, axes)) in cases.enumerated() {
      let seed = UInt64(10 * index)
      let x = testTensor(shape, seed: seed + 1)
      for keep in [false, true] {
        let reducedShape = x.sum(alongAxes: axes, keepingDimensions: keep).shape
        let w = testTensor(reducedShape, seed: seed + 2)
        assertGradientIsCorrect(at: x) { x in
          (x.sum(alongAxes: axes, keepingDimensions: keep) * w).sum()
        }
        assertGradientIsCorrect(at: x) { x in
          (x.mean(alongAxes: axes, keepingDimensions: keep) * w).sum()
        }
        let axis = axes[0]
        let v = testTensor(x.max(alongAxis: axis, keepingDimensions: keep).shape, seed: seed + 3)
        assertGradientIsCorrect(at: x) { x in
          (x.max(alongAxis: axis, keepingDimensions: keep) * v).sum()
        }
        assertGradientIsCorrect(at: x) { x in
          (x.min(alongAxis: axis, keepingDimensions: keep) * v).sum()
        }
      }
      assertGradientIsCorrect(at: x) { x in x.max() * x.min() }
    }
    assertGradientIsCorrect(at: Tensor<Double>(0.3)) { x in x.max() + x.min() * x.sum(alongAxes: [])
    }
  }

  func testHessianVectorProductsAreExact() {
    let x = testTensor([2, 1, 3], seed: 51)
    let v = testTensor([2, 1, 3], seed: 52)
    assertHessianVectorProductIsCorrect(at: x, along: v) { x in
      let rows = x.sum(alongAxis: 2)
      return (rows * rows * rows).sum()
    }
    assertHessianVectorProductIsCorrect(at: x, along: v) { x in
      let peaks = x.max(alongAxis: -1, keepingDimensions: true)
      return (exp(x - peaks).sum(alongAxes: [1, 2]) * x.mean(alongAxis: 0).sum()).sum()
    }
    // f(x) = (Σ_k x_k)² has Hessian 2·11ᵀ: each entry of H·v is 2 Σ v.
    let hvp = hessianVectorProduct(at: Tensor<Double>([1, 2, 3]), along: Tensor([1, 2, 4])) { x in
      let total = x.sum(alongAxis: 0)
      return total * total
    }
    XCTAssertEqual(hvp.scalars, [14, 14, 14])
  }

  func testPreconditionMessagesNameTheShapeAndAxis() {
    // `assertPreconditionFailure` (ReshapeTests.swift) reruns this test in a child process.
    let x = Tensor<Double>.zeros(shape: [2, 3])
    assertPreconditionFailure(self, containing: "sum(alongAxes:)", "axis 2", "[2, 3]", "-2..<2") {
      _ = x.sum(alongAxes: [0, 2])
    }
    assertPreconditionFailure(self, containing: "mean(alongAxes:)", "axis -3", "[2, 3]") {
      _ = x.mean(alongAxis: -3)
    }
    assertPreconditionFailure(self, containing: "axes [1, -1] name a dimension twice") {
      _ = x.sum(alongAxes: [1, -1])
    }
    assertPreconditionFailure(self, containing: "max(alongAxis:)", "axis 0", "no valid axis") {
      _ = Tensor<Double>(1).max(alongAxis: 0)
    }
    assertPreconditionFailure(self, containing: "argmax(alongAxis:)", "[2, 0]", "empty") {
      _ = Tensor<Double>.zeros(shape: [2, 0]).argmax(alongAxis: 1)
    }
    assertPreconditionFailure(self, containing: "min()", "[0]", "empty") {
      _ = Tensor<Double>.zeros(shape: [0]).min()
    }
  }

  func testFloat() {
    let x = Tensor<Float>(shape: [2, 3], scalars: [1, 9, 3, 8, 5, 8])
    XCTAssertEqual(x.sum(alongAxis: 0).scalars, [9, 14, 11])
    assertSameScalars(x.mean(alongAxis: 1).scalars, [13.0 / 3, 7], "Float mean", 1e-6)
    XCTAssertEqual(x.max(alongAxis: 1).scalars, [9, 8])
    XCTAssertEqual(x.argmax(alongAxis: 0), [1, 0, 1])
    let g = gradient(at: x) { x in x.max(alongAxis: 0).sum() + x.sum(alongAxes: [0, 1]) }
    XCTAssertEqual(g.scalars, [1, 2, 1, 2, 1, 2])
  }
}
