import XCTest

@testable import Layers

/// `value` written back as compact JSON, to compare parsed values with expected text.
private func render(_ value: SafetensorsJSON) -> String {
  switch value {
  case .object(let members):
    return "{"
      + members.map { "\(render(.string($0.key))):\(render($0.value))" }.joined(separator: ",")
      + "}"
  case .array(let elements): return "[" + elements.map(render).joined(separator: ",") + "]"
  case .string(let string):
    return "\"" + string.unicodeScalars.map { "\($0.value)" }.joined(separator: " ") + "\""
  case .number(let text): return text
  case .bool(let value): return "\(value)"
  case .null: return "null"
  }
}

private func parse(_ text: String) throws(SafetensorsJSONError) -> SafetensorsJSON {
  try SafetensorsJSON.parse(Array(text.utf8))
}

/// The message and offset of the error parsing `text` throws.
private func parseError(_ text: String) -> String {
  do {
    _ = try parse(text)
    return "no error"
  } catch {
    return "\(error.message) at \(error.offset)"
  }
}

final class SafetensorsJSONTests: XCTestCase {
  func testValuesKeepTheirOrderAndText() throws {
    XCTAssertEqual(
      render(try parse(#" {"b": [1, -0, 2.5e-3, true, false, null], "a": {}, "c": []} "#)),
      #"{"98":[1,-0,2.5e-3,true,false,null],"97":{},"99":[]}"#)
  }

  func testDuplicateKeysAreKept() throws {
    XCTAssertEqual(render(try parse(#"{"a":1,"a":2}"#)), #"{"97":1,"97":2}"#)
  }

  func testStringEscapes() throws {
    XCTAssertEqual(
      render(try parse(#""\"\\\/\b\f\n\r\t\u00e9\ud83d\ude00é""#)),
      "\"34 92 47 8 12 10 13 9 233 128512 233\"")
  }

  func testIntegersAreReadExactly() throws {
    XCTAssertEqual(try parse("9007199254740993").integer, 9_007_199_254_740_993)
    XCTAssertEqual(try parse("-7").integer, -7)
    XCTAssertNil(try parse("2.0").integer)
    XCTAssertNil(try parse("1e2").integer)
    XCTAssertNil(try parse("99999999999999999999").integer)
    XCTAssertNil(try parse(#""3""#).integer)
  }

  func testSyntaxErrorsNameTheirPosition() {
    XCTAssertEqual(parseError(#"{"a":1} x"#), "unexpected text after the end at 8")
    XCTAssertEqual(parseError(#"{"a" 1}"#), #"expected ":" at 5"#)
    XCTAssertEqual(parseError(#"{"a":1,}"#), "expected a string key at 7")
    XCTAssertEqual(parseError("[1 2]"), #"expected "," at 3"#)
    XCTAssertEqual(parseError("01"), "unexpected text after the end at 1")
    XCTAssertEqual(parseError("1."), "expected a digit at 2")
    XCTAssertEqual(parseError("-"), "expected a digit at 1")
    XCTAssertEqual(parseError("tru"), "expected true at 3")
    XCTAssertEqual(parseError(#""abc"#), "unterminated string at 4")
    XCTAssertEqual(parseError("\"a\nb\""), "control character in a string at 2")
    XCTAssertEqual(parseError(#""\x""#), "invalid escape sequence at 2")
    XCTAssertEqual(parseError(#""\u12""#), "expected four hexadecimal digits at 5")
    XCTAssertEqual(parseError(#""\ud83d""#), "unpaired surrogate escape at 7")
    XCTAssertEqual(parseError(#""\ude00""#), "unpaired surrogate escape at 7")
    XCTAssertEqual(parseError(""), "unexpected end, expected a value at 0")
    XCTAssertEqual(parseError("'a'"), "expected a value at 0")
  }

  func testNestingIsLimited() throws {
    let deep = String(repeating: "[", count: 32) + String(repeating: "]", count: 32)
    XCTAssertNoThrow(try parse(deep))
    XCTAssertEqual(parseError("[" + deep + "]"), "nested too deeply at 32")
    XCTAssertEqual(
      parseError(String(repeating: "{\"a\":", count: 100_000)), "nested too deeply at 160")
  }

  /// Random bytes and random cuts of a valid header parse or throw; they never trap.
  func testRandomInputNeverTraps() {
    let valid = Array(
      #"{"__metadata__":{"k":"v"},"w":{"dtype":"F32","shape":[2],"data_offsets":[0,8]}}"#.utf8)
    var generator = SeededRandomNumberGenerator(seed: 5)
    let alphabet = Array(#"{}[]":,0123456789-+.eE \tnulltruefalse\u"#.utf8)
    var (parsed, rejected) = (0, 0)
    for _ in 0..<2000 {
      var bytes = valid
      for _ in 0..<Int.random(in: 1...4, using: &generator) {
        let index = Int.random(in: 0..<bytes.count, using: &generator)
        bytes[index] = alphabet.randomElement(using: &generator)!
      }
      bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator) / 4)
      if (try? SafetensorsJSON.parse(bytes)) != nil { parsed += 1 } else { rejected += 1 }
    }
    // Both outcomes occur, so the random inputs exercise the accepting and the rejecting paths.
    XCTAssertGreaterThan(parsed, 0)
    XCTAssertGreaterThan(rejected, 0)
  }
}
