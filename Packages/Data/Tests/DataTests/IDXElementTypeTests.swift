import Data
import XCTest

final class IDXElementTypeTests: XCTestCase {
  func testCodesSizesAndNames() {
    XCTAssertEqual(IDXElementType(rawValue: 0x08), .uint8)
    XCTAssertNil(IDXElementType(rawValue: 0x0A))
    XCTAssertEqual(IDXElementType.allCases.map(\.rawValue), [0x08, 0x09, 0x0B, 0x0C, 0x0D, 0x0E])
    XCTAssertEqual(IDXElementType.allCases.map(\.byteCount), [1, 1, 2, 4, 4, 8])
    XCTAssertEqual(
      IDXElementType.allCases.map(\.isInteger), [true, true, true, true, false, false])
    XCTAssertEqual(IDXElementType.float32.byteCount, 4)
    XCTAssertEqual(IDXElementType.uint8.description, "uint8 (0x08)")
    XCTAssertEqual(IDXElementType.int16.description, "int16 (0x0B)")
  }
}
