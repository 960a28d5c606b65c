import Foundation
import NNOps
import XCTest
import _TestSupport

final class SoftmaxTests: XCTestCase {
  /// The softmax written from its definition, slice by slice, with no shift by the maximum
  /// (fine for the small inputs it is used on).
  private func referenceSoftmax(_ x: Tensor<Double>, axis: Int) -> [Double] {
    let shape = x.shape
    let outer = shape[..<axis].reduce(1, *)
    let length = shape[axis]
    let inner = shape[(axis + 1)...].reduce(1, *)
    let e = x.scalars.map { Foundation.exp($0) }
    var result = e
    for o in 0..<outer {
      for i in 0..<inner {
        let indices = (0..<length).map { (o * length + $0) * inner + i }
        let total = indices.reduce(0) { $0 + e[$1] }
        for index in indices { result[index] = e[index] / total }
      }
    }
    return result
  }

  func testDocumentationExamples() {
    assertSameScalars(
      softmax(Tensor<Double>([1000, 1001])).scalars, [0.2689414213699951, 0.7310585786300049],
      "softmax([1000, 1001])", 1e-15)
    let x = Tensor<Double>(shape: [2, 2], scalars: [0, 0, 1, 3])
    assertSameScalars(
      softmax(x, alongAxis: 0).scalars,
      [0.2689414213699951, 0.04742587317756678, 0.7310585786300049, 0.9525741268224334],
      "softmax along axis 0", 1e-15)
    XCTAssertEqual(logSoftmax(Tensor<Double>([0, 1000])).scalars, [-1000, 0])
  }

  func testValuesMatchTheDefinitionAlongEveryAxis() {
    let x = testTensor([2, 3, 4], seed: 1) * 3
    for axis in 0..<3 {
      let expected = referenceSoftmax(x, axis: axis)
      for spelling in [axis, axis - 3] {
        let y = softmax(x, alongAxis: spelling)
        XCTAssertEqual(y.shape, x.shape)
        assertSameScalars(y.scalars, expected, "softmax along \(spelling)", 1e-15)
        let logY = logSoftmax(x, alongAxis: spelling)
        XCTAssertEqual(logY.shape, x.shape)
        assertSameScalars(
          logY.scalars, expected.map { Foundation.log($0) }, "logSoftmax along \(spelling)",
          1e-14)
      }
    }
    // The default axis is the last.
    XCTAssertEqual(softmax(x).scalars, softmax(x, alongAxis: 2).scalars)
    XCTAssertEqual(logSoftmax(x).scalars, logSoftmax(x, alongAxis: 2).scalars)
  }

  func testSlicesSumToOne() {
    let x = testTensor([3, 5, 2], seed: 2) * 10
    let sums = softmax(x, alongAxis: 1).sum(alongAxis: 1)
    assertSameScalars(sums.scalars, [Double](repeating: 1, count: 6), "slice sums", 1e-15)
  }

  func testLargeInputsDoNotOverflow() {
    let values = softmax(Tensor<Double>([1000, 1001])).scalars
    XCTAssertEqual(values[0], 0.26894142, accuracy: 1e-8)
    XCTAssertEqual(values[1], 0.73105858, accuracy: 1e-8)
    XCTAssertEqual(softmax(Tensor<Double>([-1000, -1001])).scalars, values.reversed())
    let floats = softmax(Tensor<Float>([1000, 1001])).scalars
    XCTAssertEqual(floats[0], 0.26894142, accuracy: 1e-6)
    XCTAssertEqual(floats[1], 0.73105858, accuracy: 1e-6)
    // Where log(softmax(x)) underflows to -∞, logSoftmax stays exact.
    XCTAssertEqual(logSoftmax(Tensor<Float>([0, 1000])).scalars, [-1000, 0])
    XCTAssertEqual(softmax(Tensor<Double>([0, 1000])).scalars, [0, 1])
    let g = gradient(at: Tensor<Double>([1000, 1001])) { x in (softmax(x) * Tensor([1, 0])).sum() }
    XCTAssertFalse(g.scalars.contains { !$0.isFinite })
  }

  func testZeroDimensionalAndEmptyTensors() {
    XCTAssertEqual(softmax(Tensor<Double>(5)).scalar, 1)
    XCTAssertEqual(softmax(Tensor<Double>(5), alongAxis: 0).scalar, 1)
    XCTAssertEqual(logSoftmax(Tensor<Double>(5)).scalar, 0)
    XCTAssertEqual(gradient(at: Tensor<Double>(5)) { softmax($0) }.scalar, 0)
    XCTAssertEqual(gradient(at: Tensor<Double>(5)) { logSoftmax($0) }.scalar, 0)
    for axis in [0, 1] {
      XCTAssertEqual(
        softmax(Tensor<Double>(shape: [2, 0], scalars: []), alongAxis: axis).shape, [2, 0])
      XCTAssertEqual(
        logSoftmax(Tensor<Double>(shape: [0, 3], scalars: []), alongAxis: axis).shape, [0, 3])
    }
  }

  func testGradientsMatchFiniteDifferences() {
    for (shape, axis) in [([3, 4], -1), ([3, 4], 0), ([2, 3, 4], 1), ([2, 1, 3], 1), ([1], 0)] {
      let x = testTensor(shape, seed: 3) * 2
      let weights = testTensor(shape, seed: 4)
      assertGradientIsCorrect(at: x) { x in (softmax(x, alongAxis: axis) * weights).sum() }
      assertGradientIsCorrect(at: x) { x in (logSoftmax(x, alongAxis: axis) * weights).sum() }
    }
  }

  func testGradientOfTheSumIsZero() {
    // Every slice sums to 1 whatever x is, so the sum has zero gradient.
    let x = testTensor([3, 4], seed: 5)
    let g = gradient(at: x) { x in softmax(x, alongAxis: 0).sum() }
    XCTAssertTrue(g.scalars.allSatisfy { Swift.abs($0) < 1e-15 }, "\(g)")
    // d/dx Σ logSoftmax = 1 − n·softmax along each slice.
    let gl = gradient(at: x) { x in logSoftmax(x).sum() }
    let expected = (Tensor(1) - 4 * softmax(x)).scalars
    assertSameScalars(gl.scalars, expected, "gradient of Σ logSoftmax", 1e-15)
  }

  func testHessianVectorProducts() {
    for (shape, axis) in [([3, 4], -1), ([2, 3, 2], 1)] {
      let x = testTensor(shape, seed: 6) * 2
      let v = testTensor(shape, seed: 7)
      let weights = testTensor(shape, seed: 8)
      let ops: [(Tensor<Double>) -> Tensor<Double>] = [
        { softmax($0, alongAxis: axis) }, { logSoftmax($0, alongAxis: axis) },
      ]
      for op in ops {
        let f = { (x: Tensor<Double>) in (op(x) * weights).sum() }
        let exact = hessianVectorProduct(at: x, along: v, in: f)
        XCTAssertTrue(exact.scalars.contains { Swift.abs($0) > 1e-3 })
        assertHessianVectorProductIsCorrect(at: x, along: v, in: f)
      }
    }
  }

  func testFloatMatchesDouble() {
    let x = testTensor([4, 5], seed: 9) * 3
    let xf = Tensor<Float>(shape: x.shape, scalars: x.scalars.map(Float.init))
    for axis in [0, -1] {
      assertSameScalars(
        softmax(xf, alongAxis: axis).scalars, softmax(x, alongAxis: axis).scalars.map(Float.init),
        "softmax in Float", 1e-6)
      assertSameScalars(
        logSoftmax(xf, alongAxis: axis).scalars,
        logSoftmax(x, alongAxis: axis).scalars.map(Float.init), "logSoftmax in Float", 1e-6)
    }
    let weights = testTensor([4, 5], seed: 10)
    let weightsf = Tensor<Float>(shape: x.shape, scalars: weights.scalars.map(Float.init))
    let g = gradient(at: x) { x in (logSoftmax(x) * weights).sum() }.scalars.map { Float($0) }
    let gf = gradient(at: xf) { x in (logSoftmax(x) * weightsf).sum() }.scalars
    assertSameScalars(gf, g, "logSoftmax gradient in Float", 1e-5)
  }

  func testAxisOutOfRangeIsAPreconditionFailure() {
    assertPreconditionFailure(self, containing: "softmax(_:alongAxis:)", "axis 2", "[3, 4]") {
      _ = softmax(Tensor<Double>.zeros(shape: [3, 4]), alongAxis: 2)
    }
  }

  func testNegativeAxisOutOfRangeIsAPreconditionFailure() {
    assertPreconditionFailure(self, containing: "logSoftmax(_:alongAxis:)", "axis -3") {
      _ = logSoftmax(Tensor<Double>.zeros(shape: [3, 4]), alongAxis: -3)
    }
  }

  func testAxisOfAZeroDimensionalTensorIsAPreconditionFailure() {
    assertPreconditionFailure(self, containing: "softmax(_:alongAxis:)", "axis 1", "rank 0") {
      _ = softmax(Tensor<Double>(1), alongAxis: 1)
    }
  }
}
