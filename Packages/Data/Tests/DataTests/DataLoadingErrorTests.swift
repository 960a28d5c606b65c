import Data
import Foundation
import XCTest

final class DataLoadingErrorTests: XCTestCase {
  func testTheMessageStartsWithThePath() {
    let url = URL(fileURLWithPath: "/data/train-labels-idx1-ubyte.gz")
    let error = DataLoadingError(
      url: url, problem: .labelOutOfRange(label: 12, index: 3, classes: 10))
    XCTAssertEqual(
      error.description,
      "/data/train-labels-idx1-ubyte.gz: label 12 at index 3 is not a class in 0..<10; "
        + "is this the labels file of another data set?")
    XCTAssertEqual(error.errorDescription, error.description)
    XCTAssertEqual((error as any Error).localizedDescription, error.description)
  }

  func testEveryProblemSaysWhatIsWrong() {
    let problems: [(DataLoadingError.Problem, String)] = [
      (.fileNotFound, "no such file"),
      (
        .datasetNotFound(
          dataset: "MNIST", searched: ["/a (no such directory)"], installation: "Get it."),
        "MNIST not found; looked in: /a (no such directory). Get it."
      ),
      (.unreadable(reason: "permission denied"), "cannot be read (permission denied)"),
      (.emptyFile, "empty"),
      (.notGzip(firstBytes: []), "starts with nothing"),
      (.truncatedGzip, "truncated"),
      (.corruptGzip(reason: "invalid block type"), "corrupt (zlib: invalid block type)"),
      (.notIDX(firstBytes: [0xFF]), "starts with 0xFF"),
      (.unknownElementType(code: 0x0A), "unknown IDX element type 0x0A"),
      (.truncatedHeader(expectedBytes: 8, actualBytes: 5), "needs 8 bytes"),
      (
        .truncatedData(shape: [2], elementType: .int16, expectedBytes: 4, actualBytes: 3),
        "[2] int16 (0x0B) elements, 4 bytes, but only 3"
      ),
      (
        .trailingBytes(shape: [2], elementType: .int16, expectedBytes: 4, actualBytes: 7),
        "3 unexpected bytes"
      ),
      (
        .unexpectedElementType(.float64, expected: "uint8"),
        "elements are float64 (0x0E), expected uint8"
      ),
      (
        .unexpectedShape([5, 32, 32], expected: "[n, 28, 28]"),
        "shape [5, 32, 32], expected [n, 28, 28]"
      ),
      (
        .countMismatch(labels: 9, images: 10, imagesFile: URL(fileURLWithPath: "/d/images")),
        "9 labels for the 10 images of /d/images"
      ),
      (.labelOutOfRange(label: 10, index: 0, classes: 10), "label 10 at index 0"),
    ]
    for (problem, fragment) in problems {
      let message = DataLoadingError(url: URL(fileURLWithPath: "/d/f"), problem: problem)
        .description
      XCTAssertTrue(message.hasPrefix("/d/f: "), message)
      XCTAssertTrue(message.contains(fragment), "\(message) lacks \(fragment)")
    }
  }
}
