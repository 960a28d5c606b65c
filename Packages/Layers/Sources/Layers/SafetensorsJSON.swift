// A small strict JSON reader for safetensors headers (RFC 8259). Our own rather than
// Foundation's JSONDecoder, which reports no position for a syntax error and silently keeps one
// of two duplicate keys; the safetensors format forbids duplicates, and a header from an
// unknown file deserves a precise message. Nesting is limited, so no input recurses deeply.

/// A JSON value. Objects keep their members in file order, duplicates included; numbers keep
/// their text, so integers are read exactly.
enum SafetensorsJSON {
  case object([(key: String, value: SafetensorsJSON)])
  case array([SafetensorsJSON])
  case string(String)
  case number(String)
  case bool(Bool)
  case null

  /// The deepest nesting of arrays and objects accepted; a valid header nests three deep.
  static let maximumDepth = 32

  /// The value of `bytes`, which must be one JSON value surrounded by optional whitespace.
  ///
  /// - Throws: ``SafetensorsJSONError`` with the byte offset of the first problem.
  static func parse(_ bytes: [UInt8]) throws(SafetensorsJSONError) -> SafetensorsJSON {
    var parser = Parser(bytes: bytes)
    parser.skipWhitespace()
    let value = try parser.value(depth: 0)
    parser.skipWhitespace()
    guard parser.position == bytes.count else {
      throw parser.error("unexpected text after the end")
    }
    return value
  }

  /// The integer this value holds, if it is a number written as an integer that fits an `Int`.
  var integer: Int? {
    guard case .number(let text) = self, !text.contains(where: { ".eE".contains($0) }) else {
      return nil
    }
    return Int(text)
  }
}

/// A JSON syntax error: what was wrong and at which byte of the header.
struct SafetensorsJSONError: Error {
  let message: String
  let offset: Int
}

/// A recursive-descent parser over the bytes of one JSON text.
private struct Parser {
  let bytes: [UInt8]
  var position = 0

  init(bytes: [UInt8]) { self.bytes = bytes }

  func error(_ message: String) -> SafetensorsJSONError {
    SafetensorsJSONError(message: message, offset: position)
  }

  var current: UInt8? { position < bytes.count ? bytes[position] : nil }

  mutating func skipWhitespace() {
    while let byte = current, byte == 0x20 || byte == 0x0A || byte == 0x0D || byte == 0x09 {
      position += 1
    }
  }

  mutating func expect(_ character: Unicode.Scalar) throws(SafetensorsJSONError) {
    guard current == UInt8(ascii: character) else { throw error("expected \"\(character)\"") }
    position += 1
  }

  mutating func value(depth: Int) throws(SafetensorsJSONError) -> SafetensorsJSON {
    guard let byte = current else { throw error("unexpected end, expected a value") }
    switch byte {
    case UInt8(ascii: "{"): return try object(depth: depth + 1)
    case UInt8(ascii: "["): return try array(depth: depth + 1)
    case UInt8(ascii: "\""): return .string(try string())
    case UInt8(ascii: "t"): return try literal("true", .bool(true))
    case UInt8(ascii: "f"): return try literal("false", .bool(false))
    case UInt8(ascii: "n"): return try literal("null", .null)
    case UInt8(ascii: "-"), UInt8(ascii: "0")...UInt8(ascii: "9"): return try number()
    default: throw error("expected a value")
    }
  }

  mutating func object(depth: Int) throws(SafetensorsJSONError) -> SafetensorsJSON {
    guard depth <= SafetensorsJSON.maximumDepth else { throw error("nested too deeply") }
    position += 1
    var members: [(key: String, value: SafetensorsJSON)] = []
    skipWhitespace()
    if current == UInt8(ascii: "}") {
      position += 1
      return .object(members)
    }
    while true {
      skipWhitespace()
      guard current == UInt8(ascii: "\"") else { throw error("expected a string key") }
      let key = try string()
      skipWhitespace()
      try expect(":")
      skipWhitespace()
      members.append((key, try value(depth: depth)))
      skipWhitespace()
      if current == UInt8(ascii: "}") {
        position += 1
        return .object(members)
      }
      try expect(",")
    }
  }

  mutating func array(depth: Int) throws(SafetensorsJSONError) -> SafetensorsJSON {
    guard depth <= SafetensorsJSON.maximumDepth else { throw error("nested too deeply") }
    position += 1
    var elements: [SafetensorsJSON] = []
    skipWhitespace()
    if current == UInt8(ascii: "]") {
      position += 1
      return .array(elements)
    }
    while true {
      skipWhitespace()
      elements.append(try value(depth: depth))
      skipWhitespace()
      if current == UInt8(ascii: "]") {
        position += 1
        return .array(elements)
      }
      try expect(",")
    }
  }

  mutating func literal(
    _ text: String, _ value: SafetensorsJSON
  ) throws(SafetensorsJSONError) -> SafetensorsJSON {
    for byte in text.utf8 {
      guard current == byte else { throw error("expected \(text)") }
      position += 1
    }
    return value
  }

  /// A number: `-?(0|[1-9][0-9]*)(\.[0-9]+)?([eE][+-]?[0-9]+)?`, kept as text.
  mutating func number() throws(SafetensorsJSONError) -> SafetensorsJSON {
    let start = position
    func digits(_ parser: inout Parser) throws(SafetensorsJSONError) {
      guard let byte = parser.current, (0x30...0x39).contains(byte) else {
        throw parser.error("expected a digit")
      }
      while let byte = parser.current, (0x30...0x39).contains(byte) { parser.position += 1 }
    }
    if current == UInt8(ascii: "-") { position += 1 }
    if current == UInt8(ascii: "0") {
      position += 1
    } else {
      try digits(&self)
    }
    if current == UInt8(ascii: ".") {
      position += 1
      try digits(&self)
    }
    if current == UInt8(ascii: "e") || current == UInt8(ascii: "E") {
      position += 1
      if current == UInt8(ascii: "+") || current == UInt8(ascii: "-") { position += 1 }
      try digits(&self)
    }
    return .number(String(decoding: bytes[start..<position], as: UTF8.self))
  }

  /// A string, with its escapes resolved. The bytes are known to be valid UTF-8.
  mutating func string() throws(SafetensorsJSONError) -> String {
    position += 1
    var utf8: [UInt8] = []
    while true {
      guard let byte = current else { throw error("unterminated string") }
      position += 1
      switch byte {
      case UInt8(ascii: "\""):
        return String(decoding: utf8, as: UTF8.self)
      case UInt8(ascii: "\\"):
        utf8 += try escape()
      case 0..<0x20:
        position -= 1
        throw error("control character in a string")
      default:
        utf8.append(byte)
      }
    }
  }

  /// The UTF-8 bytes of the escape sequence after a backslash.
  mutating func escape() throws(SafetensorsJSONError) -> [UInt8] {
    guard let byte = current else { throw error("unterminated string") }
    position += 1
    switch byte {
    case UInt8(ascii: "\""), UInt8(ascii: "\\"), UInt8(ascii: "/"): return [byte]
    case UInt8(ascii: "b"): return [0x08]
    case UInt8(ascii: "f"): return [0x0C]
    case UInt8(ascii: "n"): return [0x0A]
    case UInt8(ascii: "r"): return [0x0D]
    case UInt8(ascii: "t"): return [0x09]
    case UInt8(ascii: "u"):
      var code = try hexQuad()
      if (0xD800..<0xDC00).contains(code) {
        guard current == UInt8(ascii: "\\") else { throw error("unpaired surrogate escape") }
        position += 1
        try expect("u")
        let low = try hexQuad()
        guard (0xDC00..<0xE000).contains(low) else { throw error("unpaired surrogate escape") }
        code = 0x10000 + ((code - 0xD800) << 10) + (low - 0xDC00)
      }
      guard let scalar = Unicode.Scalar(code) else { throw error("unpaired surrogate escape") }
      return Array(String(Character(scalar)).utf8)
    default:
      position -= 1
      throw error("invalid escape sequence")
    }
  }

  /// The four hexadecimal digits of a `\u` escape.
  mutating func hexQuad() throws(SafetensorsJSONError) -> UInt32 {
    var code: UInt32 = 0
    for _ in 0..<4 {
      guard let byte = current, let digit = Character(Unicode.Scalar(byte)).hexDigitValue else {
        throw error("expected four hexadecimal digits")
      }
      code = code << 4 | UInt32(digit)
      position += 1
    }
    return code
  }
}
