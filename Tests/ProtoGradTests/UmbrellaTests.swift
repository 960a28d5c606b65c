import ProtoGrad
import XCTest

/// The umbrella module re-exports every layer: one import gives the whole library.
final class UmbrellaTests: XCTestCase {
  struct Pair: Model {
    typealias Scalar = Double
    var a: [Double]
    var b: Double
  }

  func testModelAlgebraThroughTheUmbrella() {
    let m = Pair(a: [1, 2], b: 3)
    XCTAssertEqual((m + 2 * m).flattened(), [3, 6, 9])
    XCTAssertEqual(dot(m, m), 14)
  }
}
