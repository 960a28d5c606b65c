import Foundation
import Layers
import XCTest

/// Asserts that `SafetensorsFile(bytes:source:)` reads `bytes` as `SafetensorsFile(contentsOf:)`
/// reads the file at `url` that holds them: the same entries and metadata, or the same problem.
func assertBytesReadLikeTheFile(
  _ bytes: [UInt8], at url: URL, file: StaticString = #filePath, line: UInt = #line
) {
  func read(_ body: () throws -> SafetensorsFile) -> Result<SafetensorsFile, SafetensorsError>? {
    do {
      return .success(try body())
    } catch let error as SafetensorsError {
      return .failure(error)
    } catch {
      XCTFail("not a SafetensorsError: \(error)", file: file, line: line)
      return nil
    }
  }
  let fromBytes = read { try SafetensorsFile(bytes: bytes, source: url) }
  let fromFile = read { try SafetensorsFile(contentsOf: url) }
  switch (fromBytes, fromFile) {
  case (.success(let fromBytes), .success(let fromFile)):
    XCTAssertEqual(fromBytes.url, url, file: file, line: line)
    XCTAssertEqual(fromBytes.entries, fromFile.entries, file: file, line: line)
    XCTAssertEqual(fromBytes.metadata, fromFile.metadata, file: file, line: line)
  case (.failure(let fromBytes), .failure(let fromFile)):
    XCTAssertEqual(fromBytes.url, url, file: file, line: line)
    XCTAssertEqual(fromBytes.problem, fromFile.problem, file: file, line: line)
  default:
    XCTFail("bytes: \(String(describing: fromBytes)), file: \(String(describing: fromFile))")
  }
}

final class SafetensorsFileTests: SafetensorsTestCase {
  func testBytesInMemoryReadLikeTheFileSaved() throws {
    let url = file("net.safetensors")
    let net = SaveLoadNet(seed: 7)
    try net.save(to: url, metadata: ["epoch": "3"])
    let bytes = [UInt8](try Data(contentsOf: url))
    assertBytesReadLikeTheFile(bytes, at: url)
    let file = try SafetensorsFile(bytes: bytes, source: url)
    XCTAssertEqual(file.entries.map(\.name), SaveLoadNet.parameterNames)
    XCTAssertEqual(file.metadata, ["format": "pt", "epoch": "3"])
    let headWeight = try file.tensor(named: "head.weight", as: Float.self)
    XCTAssertEqual(headWeight.shape, net.head.weight.shape)
    XCTAssertEqual(headWeight.scalars, net.head.weight.scalars)
  }

  func testTheInMemoryDocumentationExample() throws {
    let header = #"{"bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
    let bytes =
      [UInt8(header.utf8.count), 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8) + [0, 0, 0x80, 0x3F]
    let url = URL(fileURLWithPath: "bias.safetensors")
    let file = try SafetensorsFile(bytes: bytes, source: url)
    XCTAssertEqual(try file.tensor(named: "bias", as: Float.self).scalars, [1.0])
  }

  func testBytesTooShortOrWithABadLengthFailLikeAFile() throws {
    let url = file("bad.safetensors")
    let valid = Array(#"{}"#.utf8)
    for bytes in [[], [2, 0, 0], [3, 0, 0, 0, 0, 0, 0, 0] + valid, [0, 0, 0, 0, 0, 0, 0, 0x80]] {
      try Data(bytes).write(to: url)
      assertBytesReadLikeTheFile(bytes, at: url)
      XCTAssertThrowsError(try SafetensorsFile(bytes: bytes, source: url))
    }
  }
}
