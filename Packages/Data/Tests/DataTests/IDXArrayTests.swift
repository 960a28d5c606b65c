import Data
import Foundation
import XCTest

final class IDXArrayTests: XCTestCase {
  let pixels: [UInt8] = (0..<24).map { UInt8($0 * 10) }

  func testPlainRoundTrip() throws {
    let directory = try temporaryDirectory(self)
    let url = try writeFile(
      idxBytes(type: 0x08, shape: [2, 3, 4], elements: pixels), named: "images-idx3-ubyte",
      in: directory)
    let array = try IDXArray(contentsOf: url)
    XCTAssertEqual(array.url, url)
    XCTAssertEqual(array.elementType, .uint8)
    XCTAssertEqual(array.shape, [2, 3, 4])
    XCTAssertEqual(array.count, 24)
    XCTAssertEqual(try array.integers(), pixels.map(Int.init))
    let tensor = array.tensor(as: Float.self)
    XCTAssertEqual(tensor.shape, [2, 3, 4])
    XCTAssertEqual(tensor.scalars, pixels.map(Float.init))
  }

  func testGzipRoundTrip() throws {
    let directory = try temporaryDirectory(self)
    let bytes = idxBytes(type: 0x08, shape: [2, 3, 4], elements: pixels)
    let url = try writeFile(gzipped(bytes), named: "images-idx3-ubyte.gz", in: directory)
    let array = try IDXArray(contentsOf: url)
    XCTAssertEqual(array.shape, [2, 3, 4])
    XCTAssertEqual(try array.integers(), pixels.map(Int.init))
  }

  func testGzipIsRecognizedByItsBytesNotItsName() throws {
    let directory = try temporaryDirectory(self)
    let bytes = idxBytes(type: 0x08, shape: [24], elements: pixels)
    let url = try writeFile(gzipped(bytes), named: "labels-without-extension", in: directory)
    XCTAssertEqual(try IDXArray(contentsOf: url).integers(), pixels.map(Int.init))
  }

  func testALargeGzipFile() throws {
    // Larger than zlib's window and than the first output buffer of a multi-member file.
    let directory = try temporaryDirectory(self)
    let elements = (0..<300_000).map { UInt8(truncatingIfNeeded: $0 &* 2_654_435_761 >> 13) }
    let bytes = idxBytes(type: 0x08, shape: [300, 1000], elements: elements)
    let url = try writeFile(gzipped(bytes), named: "large.gz", in: directory)
    let array = try IDXArray(contentsOf: url)
    XCTAssertEqual(array.shape, [300, 1000])
    XCTAssertEqual(try array.integers(), elements.map(Int.init))
  }

  func testScalarsAndEmptyArrays() throws {
    let directory = try temporaryDirectory(self)
    let scalar = try IDXArray(
      contentsOf: writeFile(
        idxBytes(type: 0x08, shape: [], elements: [7]), named: "s", in: directory))
    XCTAssertEqual(scalar.shape, [])
    XCTAssertEqual(try scalar.integers(), [7])
    let empty = try IDXArray(
      contentsOf: writeFile(
        idxBytes(type: 0x08, shape: [0, 28, 28], elements: []), named: "e", in: directory))
    XCTAssertEqual(empty.shape, [0, 28, 28])
    XCTAssertEqual(empty.count, 0)
    XCTAssertEqual(empty.tensor(as: Float.self).shape, [0, 28, 28])
  }

  func testWrongMagicThrows() throws {
    let directory = try temporaryDirectory(self)
    let url = try writeFile(
      [0x50, 0x4B, 0x03, 0x04, 0, 0, 0, 0], named: "archive.zip", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    XCTAssertEqual(error?.problem, .notIDX(firstBytes: [0x50, 0x4B, 0x03, 0x04]))
    assertMessage(error, names: url, contains: "not an IDX file", "0x50 0x4B 0x03 0x04")
  }

  func testUnknownElementTypeThrows() throws {
    let directory = try temporaryDirectory(self)
    let url = try writeFile(
      idxBytes(type: 0x07, shape: [1], elements: [0]), named: "t", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    XCTAssertEqual(error?.problem, .unknownElementType(code: 0x07))
    assertMessage(error, names: url, contains: "unknown IDX element type 0x07", "uint8 (0x08)")
  }

  func testTruncatedHeaderThrows() throws {
    let directory = try temporaryDirectory(self)
    let url = try writeFile([0, 0, 0x08, 3, 0, 0, 0x27], named: "short-header", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    XCTAssertEqual(error?.problem, .truncatedHeader(expectedBytes: 16, actualBytes: 7))
    assertMessage(error, names: url, contains: "header needs 16 bytes", "only 7", "truncated")
    let tiny = try writeFile([0, 0], named: "two-bytes", in: directory)
    assertMessage(
      loadingError { try IDXArray(contentsOf: tiny) }, names: tiny, contains: "header needs 4 bytes"
    )
  }

  func testAHeaderPromisingMoreThanTheFileHoldsThrows() throws {
    let directory = try temporaryDirectory(self)
    let bytes = idxBytes(
      type: 0x08, shape: [10, 28, 28], elements: [UInt8](repeating: 1, count: 7000))
    let url = try writeFile(bytes, named: "train-images-idx3-ubyte", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    XCTAssertEqual(
      error?.problem,
      .truncatedData(
        shape: [10, 28, 28], elementType: .uint8, expectedBytes: 7840, actualBytes: 7000))
    assertMessage(
      error, names: url, contains: "promises [10, 28, 28] uint8 (0x08) elements", "7840 bytes",
      "only 7000", "truncated")
  }

  func testAnAbsurdHeaderThrowsInsteadOfOverflowing() throws {
    let directory = try temporaryDirectory(self)
    var bytes: [UInt8] = [0, 0, 0x0E, 4]
    for _ in 0..<4 { bytes += [0xFF, 0xFF, 0xFF, 0xFF] }
    let url = try writeFile(bytes + [1, 2, 3], named: "absurd", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    assertMessage(error, names: url, contains: "truncated")
  }

  /// Regression (found by fuzzing): a zero dimension made the array empty whatever the others
  /// multiplied to, so `[2³² − 1, 2³² − 1, 0]` was read, and `tensor(as:)` then trapped on
  /// overflow multiplying the dimensions into the tensor's element count.
  func testAnEmptyArrayWhoseOtherDimensionsOverflowThrowsInsteadOfTrappingInTensor() throws {
    let source = URL(fileURLWithPath: "absurd-but-empty")
    let maximum = 0xFFFF_FFFF
    for shape in [[maximum, maximum, 0], [0, maximum, maximum], [maximum, 0, maximum]] {
      let error = loadingError {
        try IDXArray(bytes: idxBytes(type: 0x0D, shape: shape, elements: []), source: source)
      }
      XCTAssertEqual(
        error?.problem,
        .unexpectedShape(
          shape, expected: "nonzero dimensions that multiply to at most \(Int.max) bytes"))
      assertMessage(error, names: source, contains: "the array has shape \(shape)")
    }
    // Empty arrays whose other dimensions fit still read, and convert to empty tensors.
    let empty = try IDXArray(
      bytes: idxBytes(type: 0x0E, shape: [maximum, 0, 1000], elements: []), source: source)
    XCTAssertEqual(empty.count, 0)
    XCTAssertEqual(empty.tensor(as: Double.self).shape, [maximum, 0, 1000])
    let labels = idxBytes(type: 0x0C, shape: [maximum, 0], elements: [])
    XCTAssertEqual(try IDXArray(bytes: labels, source: source).integers(), [])
  }

  func testTrailingBytesThrow() throws {
    let directory = try temporaryDirectory(self)
    let url = try writeFile(
      idxBytes(type: 0x08, shape: [3], elements: [1, 2, 3, 4, 5]), named: "long", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    XCTAssertEqual(
      error?.problem,
      .trailingBytes(shape: [3], elementType: .uint8, expectedBytes: 3, actualBytes: 5))
    assertMessage(error, names: url, contains: "2 unexpected bytes at the end")
  }

  func testAGzipFileWithBadIDXInsideNamesTheFile() throws {
    let directory = try temporaryDirectory(self)
    let url = try writeFile(
      gzipped(idxBytes(type: 0x08, shape: [9], elements: [1])), named: "labels.gz", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    assertMessage(error, names: url, contains: "promises [9]", "truncated")
  }

  func testBytesInMemoryReadLikeAFile() throws {
    let directory = try temporaryDirectory(self)
    let plain = idxBytes(
      type: 0x0B, shape: [2, 2], elements: [0, 1, 0x7F, 0xFF, 0x80, 0, 0xFF, 0xFF])
    for (bytes, name) in [(plain, "plain"), (try gzipped(plain), "compressed.gz")] {
      let source = directory.appendingPathComponent(name)
      let array = try IDXArray(bytes: bytes, source: source)
      let file = try IDXArray(contentsOf: writeFile(bytes, named: name, in: directory))
      XCTAssertEqual(array.url, source)
      XCTAssertEqual(array.elementType, .int16)
      XCTAssertEqual(array.shape, [2, 2])
      XCTAssertEqual(try array.integers(), [1, 32767, -32768, -1])
      XCTAssertEqual(try array.integers(), try file.integers())
    }
  }

  func testBytesInMemoryFailLikeAFile() throws {
    let directory = try temporaryDirectory(self)
    let cases: [(bytes: [UInt8], name: String)] = [
      ([], "empty"), (idxBytes(type: 0x08, shape: [2], elements: [1, 2]), "not-gzip.gz"),
      (Array(try gzipped([0, 0, 0x08]).dropLast(3)), "truncated.gz"), ([0x50, 0x4B, 3, 4], "zip"),
      (idxBytes(type: 0x08, shape: [3], elements: [1]), "short"),
    ]
    for (bytes, name) in cases {
      let source = directory.appendingPathComponent(name)
      let error = loadingError { try IDXArray(bytes: bytes, source: source) }
      let fileError = loadingError {
        try IDXArray(contentsOf: writeFile(bytes, named: name, in: directory))
      }
      XCTAssertNotNil(error)
      XCTAssertEqual(error, fileError, name)
    }
  }

  func testTheInMemoryDocumentationExample() throws {
    let bytes: [UInt8] = [0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]  // uint8, shape [3]
    let labels = try IDXArray(bytes: bytes, source: URL(fileURLWithPath: "labels"))
    XCTAssertEqual(try labels.integers(), [7, 8, 9])
  }

  func testTheDocumentationExamplesOnTheInstalledFiles() throws {
    let directory = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")
    let imagesURL = directory.appendingPathComponent("t10k-images-idx3-ubyte.gz")
    guard FileManager.default.fileExists(atPath: imagesURL.path) else {
      throw XCTSkip("Fashion-MNIST is not installed in \(directory.path)")
    }
    let images = try IDXArray(contentsOf: imagesURL)
    XCTAssertEqual(images.elementType, .uint8)
    XCTAssertEqual(images.shape, [10000, 28, 28])
    let x = images.tensor(as: Float.self, scaledBy: 1 / 255)
    XCTAssertEqual(x.shape, [10000, 28, 28])
    let labels = try IDXArray(
      contentsOf: directory.appendingPathComponent("t10k-labels-idx1-ubyte.gz"))
    XCTAssertEqual(Array(try labels.integers().prefix(3)), [9, 2, 1])
  }
}
