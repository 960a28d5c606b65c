import XCTest

@testable import VectorSpace

/// A model with a `var` that is not a vector: the error names the type and property.
private struct Counted: Model {
  typealias Scalar = Float
  var weights: [Float]
  var steps: Int
}

/// A Float model holding a Double parameter.
private struct MixedScalars: Model {
  typealias Scalar = Float
  var weights: [Float]
  var scale: Double
}

/// A tuple with a non-vector element.
private struct BadTuple: Model {
  typealias Scalar = Double
  var pair: (Double, String)
}

final class ModelLayoutErrorTests: XCTestCase {
  func testNonVectorVarIsReportedWithTypeAndProperty() {
    XCTAssertThrowsError(try ModelLayout<Counted>.reflect()) { error in
      let message = String(describing: error)
      XCTAssertTrue(message.contains("Counted.steps"), message)
      XCTAssertTrue(message.contains("Int"), message)
      XCTAssertTrue(message.contains("Make it a `let`"), message)
    }
  }

  func testMixedScalarTypesAreReported() {
    XCTAssertThrowsError(try ModelLayout<MixedScalars>.reflect()) { error in
      let message = String(describing: error)
      XCTAssertTrue(message.contains("MixedScalars.scale"), message)
      XCTAssertTrue(message.contains("Double"), message)
      XCTAssertTrue(message.contains("Float"), message)
    }
  }

  func testNonVectorTupleElementIsReported() {
    XCTAssertThrowsError(try ModelLayout<BadTuple>.reflect()) { error in
      XCTAssertTrue(String(describing: error).contains("BadTuple.pair.1"), "\(error)")
    }
  }
}
