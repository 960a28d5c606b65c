import Data
import XCTest
import _TestSupport

final class OneHotTests: XCTestCase {
  func testRowsAreOneAtTheLabel() {
    let y = oneHot([2, 0, 1, 2], classes: 3)
    XCTAssertEqual(y.shape, [4, 3])
    XCTAssertEqual(y.scalars, [0, 0, 1, 1, 0, 0, 0, 1, 0, 0, 0, 1])
  }

  func testTheDocumentationExample() {
    let floats = oneHot([2, 0], classes: 3)
    XCTAssertTrue(type(of: floats) == Tensor<Float>.self)
    XCTAssertEqual(floats.scalars, [0, 0, 1, 1, 0, 0])
    let doubles = oneHot([1], classes: 2, as: Double.self)
    XCTAssertTrue(type(of: doubles) == Tensor<Double>.self)
    XCTAssertEqual(doubles.shape, [1, 2])
    XCTAssertEqual(doubles.scalars, [0, 1])
  }

  func testEachRowSumsToOne() {
    let labels = (0..<100).map { ($0 * 7) % 10 }
    let y = oneHot(labels, classes: 10)
    for (row, label) in labels.enumerated() {
      let scalars = Array(y.scalars[(row * 10)..<(row * 10 + 10)])
      XCTAssertEqual(scalars.reduce(0, +), 1)
      XCTAssertEqual(scalars.firstIndex(of: 1), label)
    }
  }

  func testSmoothedRowsSpreadTheGivenProbabilityOverEveryClass() {
    let y = oneHot([1], classes: 4, smoothing: 0.2, as: Double.self)
    XCTAssertEqual(y.shape, [1, 4])
    for (value, expected) in zip(y.scalars, [0.05, 0.85, 0.05, 0.05]) {
      XCTAssertEqual(value, expected, accuracy: 1e-15)
    }
    let rows = oneHot([3, 0, 9, 3], classes: 10, smoothing: 0.1)
    for row in 0..<4 {
      let scalars = Array(rows.scalars[(row * 10)..<(row * 10 + 10)])
      XCTAssertEqual(scalars.reduce(0, +), 1, accuracy: 1e-6)
      XCTAssertEqual(scalars.firstIndex(of: scalars.max()!), [3, 0, 9, 3][row])
    }
    XCTAssertEqual(oneHot([2], classes: 3, smoothing: 0).scalars, [0, 0, 1])
  }

  func testSmoothingOutsideZeroToOneStops() {
    assertPreconditionFailure(self, containing: "smoothing", "in 0..<1; got 1.0") {
      _ = oneHot([0], classes: 2, smoothing: 1)
    }
    assertPreconditionFailure(self, containing: "got -0.1") {
      _ = oneHot([0], classes: 2, smoothing: -0.1)
    }
  }

  func testNoLabels() {
    let y = oneHot([], classes: 4)
    XCTAssertEqual(y.shape, [0, 4])
    XCTAssertEqual(y.scalars, [])
  }

  func testALabelOutOfRangeStops() {
    assertPreconditionFailure(self, containing: "label 10 at index 2 is not in 0..<10") {
      _ = oneHot([0, 9, 10], classes: 10)
    }
    assertPreconditionFailure(self, containing: "label -1 at index 0") {
      _ = oneHot([-1], classes: 10)
    }
    assertPreconditionFailure(self, containing: "classes must be positive") {
      _ = oneHot([], classes: 0)
    }
  }
}
