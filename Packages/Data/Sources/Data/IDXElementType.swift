/// The type of the elements of an IDX file: the third byte of its magic number.
///
/// IDX files store their elements big-endian. MNIST and Fashion-MNIST use ``uint8`` for both
/// images and labels.
///
/// ```swift
/// IDXElementType(rawValue: 0x08)   // .uint8
/// IDXElementType.float32.byteCount  // 4
/// ```
public enum IDXElementType: UInt8, CaseIterable, Sendable, CustomStringConvertible {
  /// Unsigned bytes, 0 to 255 (code 0x08).
  case uint8 = 0x08
  /// Signed bytes, −128 to 127 (code 0x09).
  case int8 = 0x09
  /// Big-endian 16-bit signed integers (code 0x0B).
  case int16 = 0x0B
  /// Big-endian 32-bit signed integers (code 0x0C).
  case int32 = 0x0C
  /// Big-endian IEEE 754 single-precision numbers (code 0x0D).
  case float32 = 0x0D
  /// Big-endian IEEE 754 double-precision numbers (code 0x0E).
  case float64 = 0x0E

  /// The size of one element in bytes.
  public var byteCount: Int {
    switch self {
    case .uint8, .int8: 1
    case .int16: 2
    case .int32, .float32: 4
    case .float64: 8
    }
  }

  /// Whether the elements are integers (all types but ``float32`` and ``float64``).
  public var isInteger: Bool { self != .float32 && self != .float64 }

  /// The type's name and code, such as `uint8 (0x08)`.
  public var description: String {
    let name =
      switch self {
      case .uint8: "uint8"
      case .int8: "int8"
      case .int16: "int16"
      case .int32: "int32"
      case .float32: "float32"
      case .float64: "float64"
      }
    return "\(name) (\(hexadecimal(rawValue)))"
  }
}

/// `byte` as `0x` and two hexadecimal digits, as IDX documentation writes codes.
func hexadecimal(_ byte: UInt8) -> String {
  let digits = String(byte, radix: 16, uppercase: true)
  return "0x" + (digits.count == 1 ? "0" + digits : digits)
}
