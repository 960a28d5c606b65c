// The loops that turn IDX elements (big-endian bytes) into tensor scalars.

enum IDXDecoding {
  /// Writes `output[i] = Scalar(element i of source) · scale` for the `count` elements of type
  /// `type` at `source`.
  static func decode<Scalar: TensorScalar>(
    _ source: UnsafeRawPointer, as type: IDXElementType, count: Int, scale: Scalar,
    into output: UnsafeMutablePointer<Scalar>
  ) {
    switch type {
    case .uint8:
      // A byte has 256 values: convert each once, then copy from the table. This is the case
      // of MNIST's 47 million pixels.
      let table = (0..<256).map { Scalar($0) * scale }
      lookUp(source.assumingMemoryBound(to: UInt8.self), count: count, in: table, into: output)
    case .int8:
      let table = (0..<256).map { Scalar(Int8(truncatingIfNeeded: $0)) * scale }
      lookUp(source.assumingMemoryBound(to: UInt8.self), count: count, in: table, into: output)
    case .int16:
      for i in 0..<count {
        let element = Int16(bigEndian: source.loadUnaligned(fromByteOffset: 2 * i, as: Int16.self))
        output[i] = Scalar(element) * scale
      }
    case .int32:
      for i in 0..<count {
        let element = Int32(bigEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: Int32.self))
        output[i] = Scalar(element) * scale
      }
    case .float32:
      for i in 0..<count {
        let bits = UInt32(bigEndian: source.loadUnaligned(fromByteOffset: 4 * i, as: UInt32.self))
        output[i] = Scalar(Float(bitPattern: bits)) * scale
      }
    case .float64:
      for i in 0..<count {
        let bits = UInt64(bigEndian: source.loadUnaligned(fromByteOffset: 8 * i, as: UInt64.self))
        output[i] = Scalar(Double(bitPattern: bits)) * scale
      }
    }
  }

  /// Writes `output[i] = table[bytes[i]]` for `i < count`.
  ///
  /// Debug builds do not specialize generic code, and there a generic element copy costs a few
  /// times a `Float` one; so `Float` and `Double` go to loops written for them.
  static func lookUp<Scalar: TensorScalar>(
    _ bytes: UnsafePointer<UInt8>, count: Int, in table: [Scalar],
    into output: UnsafeMutablePointer<Scalar>
  ) {
    let raw = UnsafeMutableRawPointer(output)
    if let table = table as? [Float] {
      lookUp(bytes, count: count, in: table, into: raw.assumingMemoryBound(to: Float.self))
    } else if let table = table as? [Double] {
      lookUp(bytes, count: count, in: table, into: raw.assumingMemoryBound(to: Double.self))
    } else {
      for i in 0..<count { output[i] = table[Int(bytes[i])] }
    }
  }

  /// `output[i] = table[bytes[i]]`, for `Float`.
  static func lookUp(
    _ bytes: UnsafePointer<UInt8>, count: Int, in table: [Float],
    into output: UnsafeMutablePointer<Float>
  ) {
    table.withUnsafeBufferPointer { table in
      let table = table.baseAddress!
      var i = 0
      while i < count {
        output[i] = table[Int(bytes[i])]
        i &+= 1
      }
    }
  }

  /// `output[i] = table[bytes[i]]`, for `Double`.
  static func lookUp(
    _ bytes: UnsafePointer<UInt8>, count: Int, in table: [Double],
    into output: UnsafeMutablePointer<Double>
  ) {
    table.withUnsafeBufferPointer { table in
      let table = table.baseAddress!
      var i = 0
      while i < count {
        output[i] = table[Int(bytes[i])]
        i &+= 1
      }
    }
  }
}
