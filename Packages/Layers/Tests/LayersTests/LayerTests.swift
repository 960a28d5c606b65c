import Layers
import XCTest

final class LayerTests: XCTestCase {
  /// The walkthrough's model: `Scalar` is inferred from `callAsFunction`, no typealias.
  struct LinearModel: Layer {
    var A: Tensor<Double>
    var b: Tensor<Double>
    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { matmul(x, A.transposed()) + b }
  }

  func testScalarIsInferredFromCallAsFunction() {
    let m = LinearModel(A: Tensor(shape: [1, 2], scalars: [1, 2]), b: Tensor([3]))
    XCTAssert(LinearModel.Scalar.self == Double.self)
    XCTAssertEqual(m(Tensor(shape: [1, 2], scalars: [1, 1])).scalars, [6])
    XCTAssertEqual((2 * m).b.scalars, [6])
  }
}
