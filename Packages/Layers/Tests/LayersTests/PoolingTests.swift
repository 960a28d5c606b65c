import Layers
import XCTest
import _TestSupport

final class PoolingTests: XCTestCase {
  func testDocumentedExamples() {
    let x = Tensor<Double>(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 7])
    XCTAssertEqual(MaxPool<Double>(size: 2)(x).scalars, [5, 8])
    XCTAssertEqual(MeanPool<Double>(size: 2)(x).scalars, [3.25, 4.25])
  }

  private func checkValues<Scalar: TensorScalar>(_: Scalar.Type) {
    let x: Tensor<Scalar> = sample([2, 3, 7, 6], seed: 1)
    for size in [1, 2, 3] {
      // The stride is the window size.
      XCTAssertEqual(MaxPool<Scalar>(size: size)(x).scalars, maxPool2d(x, size: size).scalars)
      XCTAssertEqual(
        MaxPool<Scalar>(size: size)(x).scalars, maxPool2d(x, size: size, stride: size).scalars)
      XCTAssertEqual(
        MeanPool<Scalar>(size: size)(x).scalars, avgPool2d(x, size: size, stride: size).scalars)
    }
    XCTAssertEqual(MaxPool<Scalar>(size: 2)(x).shape, [2, 3, 3, 3])
    XCTAssertEqual(MeanPool<Scalar>(size: 3)(x).shape, [2, 3, 2, 2])
    // By hand: the first window of the first channel.
    let xs = x.scalars
    let window = [xs[0], xs[1], xs[6], xs[7]]
    XCTAssertEqual(MaxPool<Scalar>(size: 2)(x).scalars[0], window.max()!)
    XCTAssertEqual(
      MeanPool<Scalar>(size: 2)(x).scalars[0], window.reduce(0, +) / 4, accuracy: 1e-6)
    assertParameterless(MaxPool<Scalar>(size: 2))
    assertParameterless(MeanPool<Scalar>(size: 2))
  }

  func testValuesAndNoParameters() {
    checkValues(Float.self)
    checkValues(Double.self)
  }

  func testGradients() {
    let x = testTensor([1, 2, 4, 6], seed: 1)
    let r = testTensor([1, 2, 2, 3], seed: 2)
    assertGradientIsCorrect(at: x) { x in (MaxPool(size: 2)(x) * r).sum() }
    assertGradientIsCorrect(at: x) { x in (MeanPool(size: 2)(x) * r).sum() }
  }

  func testPreconditions() {
    assertPreconditionFailure(self, containing: "MaxPool: size must be at least 1, got 0") {
      _ = MaxPool<Float>(size: 0)
    }
    assertPreconditionFailure(self, containing: "MeanPool: size must be at least 1, got -1") {
      _ = MeanPool<Double>(size: -1)
    }
  }
}
