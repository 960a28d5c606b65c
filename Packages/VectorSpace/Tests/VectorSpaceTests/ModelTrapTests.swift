import XCTest
import _TestSupport

@testable import VectorSpace

private struct Misdeclared: Model {
  typealias Scalar = Float
  var weights: [Float]
  var epochs: Int
}

final class ModelTrapTests: XCTestCase {
  /// The public path (first use of the algebra) stops the program with the layout error.
  func testFirstUseOfAMisdeclaredModelStopsWithTheReason() {
    assertPreconditionFailure(self, containing: "Misdeclared.epochs", "Make it a `let`") {
      _ = Misdeclared(weights: [1], epochs: 3).scalarCount
    }
  }
}
