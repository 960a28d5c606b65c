import Data
import Foundation
import XCTest

final class IDXArrayConversionTests: XCTestCase {
  func file(type: UInt8, shape: [Int], bytes: [UInt8]) throws -> URL {
    try writeFile(
      idxBytes(type: type, shape: shape, elements: bytes), named: "values-idx",
      in: temporaryDirectory(self))
  }

  func testIntegersOfEveryIntegerType() throws {
    XCTAssertEqual(
      try IDXArray(contentsOf: file(type: 0x08, shape: [3], bytes: [0, 9, 255])).integers(),
      [0, 9, 255])
    XCTAssertEqual(
      try IDXArray(contentsOf: file(type: 0x09, shape: [2], bytes: [0x80, 0x05])).integers(),
      [-128, 5])
    XCTAssertEqual(
      try IDXArray(contentsOf: file(type: 0x0B, shape: [1], bytes: [0xFF, 0x00])).integers(), [-256]
    )
    XCTAssertEqual(
      try IDXArray(contentsOf: file(type: 0x0C, shape: [1], bytes: [0x7F, 0xFF, 0xFF, 0xFF]))
        .integers(),
      [2_147_483_647])
  }

  func testIntegersOfFloatsThrow() throws {
    let url = try file(type: 0x0D, shape: [1], bytes: [0x3F, 0x80, 0, 0])
    let array = try IDXArray(contentsOf: url)
    let error = loadingError { try array.integers() }
    assertMessage(error, names: url, contains: "float32 (0x0D)", "expected integers")
  }

  func testTensorKeepsTheShapeAndInfersItsScalar() throws {
    let array = try IDXArray(
      contentsOf: file(type: 0x08, shape: [2, 1, 3], bytes: [1, 2, 3, 4, 5, 6]))
    let x: Tensor<Double> = array.tensor(scaledBy: 0.5)
    XCTAssertEqual(x.shape, [2, 1, 3])
    XCTAssertEqual(x.scalars, [0.5, 1, 1.5, 2, 2.5, 3])
  }
}
