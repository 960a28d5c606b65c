import Data
import Foundation
import XCTest

final class FileContentsTests: XCTestCase {
  func testAMissingFileThrows() throws {
    let url = try temporaryDirectory(self).appendingPathComponent("train-images-idx3-ubyte.gz")
    let error = loadingError { try IDXArray(contentsOf: url) }
    XCTAssertEqual(error?.problem, .fileNotFound)
    assertMessage(error, names: url, contains: "no such file")
  }

  func testADirectoryThrows() throws {
    let url = try temporaryDirectory(self)
    let error = loadingError { try IDXArray(contentsOf: url) }
    XCTAssertEqual(error?.problem, .unreadable(reason: "it is a directory"))
    assertMessage(error, names: url, contains: "cannot be read", "directory")
  }

  func testAnEmptyFileThrows() throws {
    let directory = try temporaryDirectory(self)
    for name in ["t10k-labels-idx1-ubyte", "t10k-labels-idx1-ubyte.gz"] {
      let url = try writeFile([], named: name, in: directory)
      let error = loadingError { try IDXArray(contentsOf: url) }
      XCTAssertEqual(error?.problem, .emptyFile)
      assertMessage(error, names: url, contains: "empty (0 bytes)", "download it again")
    }
  }

  func testAGzNameWithoutGzipBytesThrows() throws {
    let directory = try temporaryDirectory(self)
    let bytes = idxBytes(type: 0x08, shape: [2], elements: [1, 2])
    let url = try writeFile(bytes, named: "labels-idx1-ubyte.gz", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    XCTAssertEqual(error?.problem, .notGzip(firstBytes: [0, 0, 0x08, 1]))
    assertMessage(error, names: url, contains: "not gzip", "0x00 0x00 0x08 0x01", "remove .gz")
    let html = try writeFile(Array("<html>".utf8), named: "page.gz", in: directory)
    assertMessage(
      loadingError { try IDXArray(contentsOf: html) }, names: html, contains: "not gzip")
  }
}
