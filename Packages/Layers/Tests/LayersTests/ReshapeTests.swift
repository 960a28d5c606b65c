import Layers
import XCTest
import _TestSupport

final class ReshapeTests: XCTestCase {
  func testDocumentedExample() {
    let images = Reshape<Float>(to: [1, 28, 28])(Tensor.zeros(shape: [32, 784]))
    XCTAssertEqual(images.shape, [32, 1, 28, 28])
    XCTAssertEqual(Reshape<Float>(to: [-1, 7, 7])(images).shape, [32, 16, 7, 7])
  }

  private func checkValues<Scalar: TensorScalar>(_: Scalar.Type) {
    let x: Tensor<Scalar> = sample([3, 12], seed: 1)
    let y = Reshape<Scalar>(to: [3, 2, 2])(x)
    XCTAssertEqual(y.shape, [3, 3, 2, 2])
    XCTAssertEqual(y.scalars, x.scalars)
    XCTAssertEqual(Reshape<Scalar>(to: [2, -1])(x).shape, [3, 2, 6])
    // The batch size is free; the inverse of Flatten.
    XCTAssertEqual(Reshape<Scalar>(to: [4, 3])(sample([5, 12], seed: 2)).shape, [5, 4, 3])
    XCTAssertEqual(Flatten<Scalar>()(y).scalars, x.scalars)
    XCTAssertEqual(Reshape<Scalar>(to: [-1])(sample([2, 3, 4], seed: 3)).shape, [2, 12])
    XCTAssertEqual(Reshape<Scalar>(to: [-1, 3])(Tensor.zeros(shape: [0, 6])).shape, [0, 2, 3])
    assertParameterless(Reshape<Scalar>(to: [2, -1]))
  }

  func testValuesAndNoParameters() {
    checkValues(Float.self)
    checkValues(Double.self)
  }

  func testGradient() {
    let r = testTensor([2, 3, 4], seed: 2)
    assertGradientIsCorrect(at: testTensor([2, 12], seed: 1)) { x in
      (Reshape(to: [3, -1])(x) * r).sum()
    }
  }

  func testPreconditions() {
    assertPreconditionFailure(
      self,
      containing: "Reshape(to: [1, 28, 28]): each sample of an input of shape [5, 780] has 780 "
        + "scalars, but [1, 28, 28] holds 784"
    ) {
      _ = Reshape<Float>(to: [1, 28, 28])(Tensor.zeros(shape: [5, 780]))
    }
    assertPreconditionFailure(self, containing: "not a multiple of 7", "-1 cannot be inferred") {
      _ = Reshape<Float>(to: [-1, 7])(Tensor.zeros(shape: [5, 20]))
    }
    assertPreconditionFailure(self, containing: "Reshape(to: [-1, -1]): dimensions must be") {
      _ = Reshape<Double>(to: [-1, -1])
    }
  }
}
