import Layers
import XCTest
import _TestSupport

final class ReLUTests: XCTestCase {
  func testDocumentedExample() {
    XCTAssertEqual(ReLU<Double>()(Tensor([-1, 0, 2])).scalars, [0, 0, 2])
  }

  private func checkValues<Scalar: TensorScalar>(_: Scalar.Type) {
    let x: Tensor<Scalar> = sample([3, 5], seed: 1)
    XCTAssertEqual(ReLU<Scalar>()(x).scalars, relu(x).scalars)
    XCTAssertEqual(ReLU<Scalar>()(x).scalars, x.scalars.map { Swift.max($0, 0) })
    assertParameterless(ReLU<Scalar>())
  }

  func testValuesAndNoParameters() {
    checkValues(Float.self)
    checkValues(Double.self)
  }

  func testGradient() {
    let r = testTensor([3, 5], seed: 2)
    assertGradientIsCorrect(at: testTensor([3, 5], seed: 1)) { x in (ReLU()(x) * r).sum() }
  }
}
