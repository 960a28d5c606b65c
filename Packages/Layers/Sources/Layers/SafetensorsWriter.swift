import Foundation

/// Writes dense vectors as a safetensors file: the header, then each vector's scalars in order.
///
/// The header lists `__metadata__` first (its keys sorted), then the tensors in the order given,
/// each as `{"dtype":…,"shape":[…],"data_offsets":[begin,end]}`, and is padded with spaces to a
/// multiple of 8 bytes, so the data section starts 8-byte aligned. The data section holds the
/// tensors in the same order, with no gaps.
struct SafetensorsWriter {
  /// One tensor to write.
  struct Leaf {
    let name: String
    let dtype: SafetensorsDType
    let shape: [Int]
    /// The scalars, row-major: a `Tensor`, a scalar, an array of scalars.
    let value: any DenseVector

    var byteCount: Int { value.scalarCount * dtype.bitCount / 8 }
  }

  let leaves: [Leaf]
  let metadata: [String: String]

  /// The header length field and the padded JSON header.
  func header() -> [UInt8] {
    var fields: [String] = []
    if !metadata.isEmpty {
      let pairs = metadata.sorted { $0.key < $1.key }.map { "\(json($0.key)):\(json($0.value))" }
      fields.append("\"__metadata__\":{\(pairs.joined(separator: ","))}")
    }
    var offset = 0
    for leaf in leaves {
      let end = offset + leaf.byteCount
      let shape = leaf.shape.map(String.init).joined(separator: ",")
      fields.append(
        "\(json(leaf.name)):{\"dtype\":\"\(leaf.dtype.rawValue)\",\"shape\":[\(shape)],"
          + "\"data_offsets\":[\(offset),\(end)]}")
      offset = end
    }
    var text = Array("{\(fields.joined(separator: ","))}".utf8)
    text += repeatElement(UInt8(ascii: " "), count: (8 - text.count % 8) % 8)
    let length = UInt64(text.count)
    return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + text
  }

  /// Writes the file at `url` atomically (see ``SafetensorsAtomicFile``).
  ///
  /// - Throws: ``SafetensorsError`` if the file cannot be written; the target is then unchanged.
  func write(to url: URL) throws {
    try SafetensorsAtomicFile.write(to: url) { file in
      try header().withUnsafeBytes { try file.write($0) }
      for leaf in leaves {
        try Self.writeLittleEndian(leaf.value, to: file)
      }
    }
  }

  /// Writes the scalars of `value` in little-endian byte order.
  private static func writeLittleEndian<Value: DenseVector>(
    _ value: Value, to file: SafetensorsAtomicFile
  ) throws {
    try value.withUnsafeBufferPointer { scalars in
      #if _endian(little)
      try file.write(UnsafeRawBufferPointer(scalars))
      #else
      let swapped = scalars.map(SafetensorsFile.byteSwapped)
      try swapped.withUnsafeBytes { try file.write($0) }
      #endif
    }
  }

  /// `string` as a JSON string literal: quoted, with quotes, backslashes and control characters
  /// escaped.
  private func json(_ string: String) -> String {
    var result = "\""
    for scalar in string.unicodeScalars {
      switch scalar {
      case "\"": result += "\\\""
      case "\\": result += "\\\\"
      case "\n": result += "\\n"
      case "\r": result += "\\r"
      case "\t": result += "\\t"
      case _ where scalar.value < 0x20:
        let hex = String(scalar.value, radix: 16)
        result += "\\u" + String(repeating: "0", count: 4 - hex.count) + hex
      default: result.unicodeScalars.append(scalar)
      }
    }
    return result + "\""
  }
}
