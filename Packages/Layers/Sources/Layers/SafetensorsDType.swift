/// The element type of a tensor in a safetensors file, spelled as in the file's header (`"F32"`).
///
/// ProtoGrad models save and load ``float32`` (`Float` scalars) and ``float64`` (`Double`);
/// the other types are recognized so that a file holding them can be inspected with
/// ``SafetensorsFile`` and rejected with a clear error when loaded into a model.
///
/// ```swift
/// SafetensorsDType(rawValue: "BF16")?.bitCount   // 16
/// SafetensorsDType(scalarType: Double.self)        // .float64
/// ```
public enum SafetensorsDType: String, CaseIterable, Sendable {
  /// Booleans, one byte each.
  case bool = "BOOL"
  /// Unsigned 8-bit integers.
  case uint8 = "U8"
  /// Signed 8-bit integers.
  case int8 = "I8"
  /// Signed 16-bit integers.
  case int16 = "I16"
  /// Unsigned 16-bit integers.
  case uint16 = "U16"
  /// Signed 32-bit integers.
  case int32 = "I32"
  /// Unsigned 32-bit integers.
  case uint32 = "U32"
  /// Signed 64-bit integers.
  case int64 = "I64"
  /// Unsigned 64-bit integers.
  case uint64 = "U64"
  /// 4-bit floats (E2M1), two to a byte.
  case float4 = "F4"
  /// 6-bit floats with 2 exponent and 3 mantissa bits.
  case float6E2M3 = "F6_E2M3"
  /// 6-bit floats with 3 exponent and 2 mantissa bits.
  case float6E3M2 = "F6_E3M2"
  /// 8-bit floats with 5 exponent and 2 mantissa bits.
  case float8E5M2 = "F8_E5M2"
  /// 8-bit floats with 4 exponent and 3 mantissa bits.
  case float8E4M3 = "F8_E4M3"
  /// 8-bit exponent-only scale factors.
  case float8E8M0 = "F8_E8M0"
  /// IEEE half-precision floats.
  case float16 = "F16"
  /// Brain floats: the top 16 bits of an IEEE single.
  case bfloat16 = "BF16"
  /// IEEE single-precision floats: Swift's `Float`.
  case float32 = "F32"
  /// IEEE double-precision floats: Swift's `Double`.
  case float64 = "F64"
  /// Complex numbers of two IEEE singles.
  case complex64 = "C64"

  /// The size of one element in bits (4 or 6 for the sub-byte floats).
  public var bitCount: Int {
    switch self {
    case .float4: 4
    case .float6E2M3, .float6E3M2: 6
    case .bool, .uint8, .int8, .float8E5M2, .float8E4M3, .float8E8M0: 8
    case .int16, .uint16, .float16, .bfloat16: 16
    case .int32, .uint32, .float32: 32
    case .int64, .uint64, .float64, .complex64: 64
    }
  }

  /// The element type that stores `scalarType`: ``float32`` for `Float`, ``float64`` for
  /// `Double`, nil for other types.
  public init?<Scalar>(scalarType: Scalar.Type) {
    switch scalarType {
    case is Float.Type: self = .float32
    case is Double.Type: self = .float64
    default: return nil
    }
  }

  /// `"Float"` or `"Double"`, the Swift type of this element type's scalars, for messages.
  var scalarTypeName: String? {
    switch self {
    case .float32: "Float"
    case .float64: "Double"
    default: nil
    }
  }

  /// The NumPy type to convert an array to, for messages.
  var numpyName: String {
    switch self {
    case .float32: "numpy.float32"
    case .float64: "numpy.float64"
    default: "the NumPy type of \(rawValue)"
    }
  }
}
