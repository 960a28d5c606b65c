import Layers
import XCTest
import _TestSupport

final class SoftMaxTests: XCTestCase {
  func testDocumentedExample() {
    XCTAssertEqual(SoftMax<Double>()(Tensor(shape: [1, 2], scalars: [0, 0])).scalars, [0.5, 0.5])
  }

  private func checkValues<Scalar: TensorScalar>(_: Scalar.Type) {
    let x: Tensor<Scalar> = sample([2, 3, 4], seed: 1)
    XCTAssertEqual(SoftMax<Scalar>().axis, -1)
    XCTAssertEqual(SoftMax<Scalar>()(x).scalars, softmax(x).scalars)
    XCTAssertEqual(SoftMax<Scalar>(alongAxis: 1)(x).scalars, softmax(x, alongAxis: 1).scalars)
    // Each slice along the axis sums to 1.
    let sums = SoftMax<Scalar>(alongAxis: 0)(x).sum(alongAxes: [0]).scalars
    assertSameScalars(sums, [Scalar](repeating: 1, count: 12), "sums", 1e-6)
    assertParameterless(SoftMax<Scalar>(alongAxis: 0))
  }

  func testValuesAndNoParameters() {
    checkValues(Float.self)
    checkValues(Double.self)
  }

  func testGradient() {
    let r = testTensor([3, 4], seed: 2)
    assertGradientIsCorrect(at: testTensor([3, 4], seed: 1)) { x in
      (SoftMax(alongAxis: 0)(x) * r).sum()
    }
  }

  func testAxisOutOfRange() {
    assertPreconditionFailure(self, containing: "axis 2 is out of range", "[2, 3]") {
      _ = SoftMax<Float>(alongAxis: 2)(Tensor.zeros(shape: [2, 3]))
    }
  }
}
