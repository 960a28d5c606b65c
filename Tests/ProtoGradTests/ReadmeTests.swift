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
