import Layers
import XCTest
import _TestSupport

final class FlattenTests: XCTestCase {
  func testDocumentedExample() {
    XCTAssertEqual(Flatten<Float>()(Tensor.zeros(shape: [32, 16, 4, 4])).shape, [32, 256])
  }

  private func checkValues<Scalar: TensorScalar>(_: Scalar.Type) {
    let x: Tensor<Scalar> = sample([2, 3, 4, 5], seed: 1)
    let y = Flatten<Scalar>()(x)
    XCTAssertEqual(y.shape, [2, 60])
    XCTAssertEqual(y.scalars, x.scalars)
    XCTAssertEqual(Flatten<Scalar>()(sample([4, 3], seed: 2)).shape, [4, 3])
    XCTAssertEqual(Flatten<Scalar>()(sample([4], seed: 2)).shape, [4, 1])
    XCTAssertEqual(Flatten<Scalar>()(Tensor.zeros(shape: [0, 3, 2])).shape, [0, 6])
    assertParameterless(Flatten<Scalar>())
  }

  func testValuesAndNoParameters() {
    checkValues(Float.self)
    checkValues(Double.self)
  }

  func testGradient() {
    let r = testTensor([2, 12], seed: 2)
    assertGradientIsCorrect(at: testTensor([2, 3, 4], seed: 1)) { x in (Flatten()(x) * r).sum() }
  }

  func testAScalarHasNoBatch() {
    assertPreconditionFailure(self, containing: "Flatten: expected a batch [n, …]") {
      _ = Flatten<Float>()(Tensor(1))
    }
  }
}
