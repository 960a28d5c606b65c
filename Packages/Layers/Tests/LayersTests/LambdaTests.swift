import Layers
import XCTest
import _TestSupport

final class LambdaTests: XCTestCase {
  func testDocumentedExample() {
    let halve = Lambda { (x: Tensor<Double>) in x / 2 }
    XCTAssertEqual(halve(Tensor([2, 4])).scalars, [1, 2])
  }

  private func checkValues<Scalar: TensorScalar>(_: Scalar.Type) {
    let scale: Scalar = 3
    let layer = Lambda<Scalar> { x in scale * relu(x) }
    let x: Tensor<Scalar> = sample([2, 3], seed: 1)
    XCTAssertEqual(layer(x).scalars, (scale * relu(x)).scalars)
    assertParameterless(layer)
    // The closure is structure, carried through the algebra unchanged.
    XCTAssertEqual((2 * layer)(x).scalars, layer(x).scalars)
  }

  func testValuesAndNoParameters() {
    checkValues(Float.self)
    checkValues(Double.self)
  }

  func testGradient() {
    let r = testTensor([2, 3], seed: 2)
    let layer = Lambda<Double> { x in exp(x) * x }
    assertGradientIsCorrect(at: testTensor([2, 3], seed: 1)) { x in (layer(x) * r).sum() }
  }
}
