import ProtoGrad
import XCTest
import _TestSupport

/// The README's examples, as written there, with the outputs its comments claim.
final class ReadmeTests: XCTestCase {
  struct Affine: Model {
    typealias Scalar = Double
    var weights: [Double]
    var bias: Double
    let activation: (Double) -> Double
  }

  func testModelsFormAVectorSpaceForFree() {
    var m = Affine(weights: [1, 2], bias: 3, activation: { max(0, $0) })
    let g = Affine(weights: [0.5, 0.5], bias: 1, activation: { $0 })
    m -= 0.1 * g
    XCTAssertEqual(dot(m, g), 4.35, accuracy: 1e-12)
    XCTAssertEqual(m.scalarCount, 3)
    assertSameScalars(m.flattened(), [0.95, 1.95, 2.9], "m.flattened()", 1e-12)
    XCTAssertEqual(m.activation(-1), 0, "structure is carried along")
  }
}

/// The README's "Gradients have the model's type" example.
final class ReadmeGradientTests: XCTestCase {
  struct Scale: Model {
    typealias Scalar = Double
    var weight: Tensor<Double>
    var bias: Tensor<Double>
    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { weight * x + bias }
  }

  func testGradientsHaveTheModelsType() {
    let m = Scale(weight: Tensor([1, 2]), bias: Tensor([0, 0]))
    let x = Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4])
    let (loss, g) = valueWithGradient(at: m) { m in
      (m(x) * m(x)).mean() + 0.5 * dot(m, m)
    }
    XCTAssertEqual(loss, 25, accuracy: 1e-12)
    XCTAssertEqual(g.weight.scalars, [6, 22])
    XCTAssertEqual(
      hessianVectorProduct(at: Tensor<Double>([1, 2]), along: Tensor([1, 1])) { x in
        (x * x * x).sum()
      }.scalars, [6, 12])
    let t = 0.5
    XCTAssertEqual(
      derivative(at: t) { t in Dual.sin(t) * Dual.exp(t) }, (cos(t) + sin(t)) * exp(t),
      accuracy: 1e-15)
  }
}
