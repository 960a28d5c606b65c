import Data
import Foundation
import XCTest

final class IDXDecodingTests: XCTestCase {
  /// The array of an IDX file of type `type` with one dimension and the element bytes `bytes`.
  func array(type: UInt8, count: Int, bytes: [UInt8]) throws -> IDXArray {
    let directory = try temporaryDirectory(self)
    return try IDXArray(
      contentsOf: writeFile(
        idxBytes(type: type, shape: [count], elements: bytes), named: "a", in: directory))
  }

  func testUnsignedBytesScaled() throws {
    let bytes = try array(type: 0x08, count: 4, bytes: [0, 1, 128, 255])
    XCTAssertEqual(
      bytes.tensor(as: Float.self, scaledBy: 1 / 255).scalars, [0, 1 / 255, 128 / 255, 1])
    XCTAssertEqual(
      bytes.tensor(as: Double.self, scaledBy: 1 / 255).scalars, [0, 1 / 255, 128 / 255, 1])
    XCTAssertEqual(bytes.tensor(as: Double.self).scalars, [0, 1, 128, 255])
  }

  func testSignedBytes() throws {
    let bytes = try array(type: 0x09, count: 4, bytes: [0x00, 0x7F, 0x80, 0xFF])
    XCTAssertEqual(bytes.tensor(as: Float.self).scalars, [0, 127, -128, -1])
    XCTAssertEqual(bytes.tensor(as: Double.self, scaledBy: 2).scalars, [0, 254, -256, -2])
  }

  func testBigEndianInt16() throws {
    let shorts = try array(type: 0x0B, count: 3, bytes: [0x01, 0x02, 0xFF, 0xFE, 0x80, 0x00])
    XCTAssertEqual(shorts.tensor(as: Double.self).scalars, [258, -2, -32768])
  }

  func testBigEndianInt32() throws {
    let ints = try array(
      type: 0x0C, count: 2, bytes: [0x00, 0x01, 0x00, 0x00, 0xFF, 0xFF, 0xFF, 0xFF])
    XCTAssertEqual(ints.tensor(as: Float.self).scalars, [65536, -1])
  }

  func testBigEndianFloat32() throws {
    // 1.5 = 0x3FC00000, -2.25 = 0xC0100000.
    let floats = try array(type: 0x0D, count: 2, bytes: [0x3F, 0xC0, 0, 0, 0xC0, 0x10, 0, 0])
    XCTAssertEqual(floats.tensor(as: Float.self).scalars, [1.5, -2.25])
    XCTAssertEqual(floats.tensor(as: Double.self, scaledBy: 2).scalars, [3, -4.5])
  }

  func testBigEndianFloat64() throws {
    // 1.5 = 0x3FF8000000000000, -0.125 = 0xBFC0000000000000.
    let doubles = try array(
      type: 0x0E, count: 2, bytes: [0x3F, 0xF8, 0, 0, 0, 0, 0, 0, 0xBF, 0xC0, 0, 0, 0, 0, 0, 0])
    XCTAssertEqual(doubles.tensor(as: Double.self).scalars, [1.5, -0.125])
    XCTAssertEqual(doubles.tensor(as: Float.self).scalars, [1.5, -0.125])
  }
}
