import Data
import Foundation
import XCTest

final class GzipTests: XCTestCase {
  let idx = idxBytes(type: 0x08, shape: [1000], elements: (0..<1000).map { UInt8($0 % 251) })

  func testConcatenatedMembersAreJoinedAsGunzipDoes() throws {
    let directory = try temporaryDirectory(self)
    let compressed = try gzipped(Array(idx[..<600])) + gzipped(Array(idx[600...]))
    let url = try writeFile(compressed, named: "two-members.gz", in: directory)
    XCTAssertEqual(try IDXArray(contentsOf: url).integers(), (0..<1000).map { $0 % 251 })
  }

  func testTruncatedGzipThrows() throws {
    let directory = try temporaryDirectory(self)
    let compressed = try gzipped(idx)
    for kept in [compressed.count - 4, compressed.count / 2, 12] {
      let url = try writeFile(
        Array(compressed.prefix(kept)), named: "cut-\(kept).gz", in: directory)
      let error = loadingError { try IDXArray(contentsOf: url) }
      XCTAssertEqual(error?.problem, .truncatedGzip, "cut at \(kept) of \(compressed.count)")
      assertMessage(
        error, names: url, contains: "gzip data ends early", "truncated", "download it again")
    }
  }

  func testCorruptGzipThrows() throws {
    let directory = try temporaryDirectory(self)
    var compressed = try gzipped(idx)
    // The CRC-32 of the contents, in the trailer: a wrong one means damaged data.
    compressed[compressed.count - 6] ^= 0xFF
    let url = try writeFile(compressed, named: "bad-crc.gz", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    assertMessage(error, names: url, contains: "gzip data is corrupt", "incorrect data check")
  }

  func testGarbageAfterTheGzipDataThrows() throws {
    let directory = try temporaryDirectory(self)
    let url = try writeFile(
      try gzipped(idx) + [0x42, 0x42, 0x42], named: "trailing.gz", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    assertMessage(
      error, names: url, contains: "corrupt", "3 bytes that are not gzip after the data")
  }

  func testAnEmptyGzipMemberHasNoIDXHeader() throws {
    let directory = try temporaryDirectory(self)
    let url = try writeFile(try gzipped([]), named: "nothing.gz", in: directory)
    let error = loadingError { try IDXArray(contentsOf: url) }
    XCTAssertEqual(error?.problem, .truncatedHeader(expectedBytes: 4, actualBytes: 0))
  }
}
