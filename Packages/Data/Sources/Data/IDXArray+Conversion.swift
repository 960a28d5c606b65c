// Converting an IDX array's big-endian elements to tensors and integers.

extension IDXArray {
  /// The elements as a tensor of shape ``shape``, each converted to `Scalar` and multiplied by
  /// `scale`.
  ///
  /// `result[i] = Scalar(element[i]) · scale`, in row-major order. Integers convert exactly up
  /// to `Scalar`'s precision (2²⁴ for `Float`); `float64` elements round to `Float`.
  ///
  /// ```swift
  /// let images = try IDXArray(contentsOf: URL(fileURLWithPath: "t10k-images-idx3-ubyte.gz"))
  /// let x = images.tensor(as: Float.self, scaledBy: 1 / 255)   // [10000, 28, 28], in [0, 1]
  /// ```
  ///
  /// - Parameters:
  ///   - scalarType: The scalar type of the tensor.
  ///   - scale: The factor every element is multiplied by, such as `1 / 255` for pixel bytes.
  /// - Returns: A tensor of shape ``shape``.
  /// - Complexity: O(``count``), one pass.
  public func tensor<Scalar: TensorScalar>(
    as scalarType: Scalar.Type = Scalar.self, scaledBy scale: Scalar = 1
  ) -> Tensor<Scalar> {
    Tensor(shape: shape) { output in
      bytes.withUnsafeBytes { bytes in
        IDXDecoding.decode(
          bytes.baseAddress! + elementsOffset, as: elementType, count: output.count, scale: scale,
          into: output.baseAddress!)
      }
    }
  }

  /// The elements as integers, in row-major order: labels, for example.
  ///
  /// ```swift
  /// let labels = try IDXArray(contentsOf: URL(fileURLWithPath: "t10k-labels-idx1-ubyte.gz"))
  /// try labels.integers().prefix(3)   // [9, 2, 1] for Fashion-MNIST
  /// ```
  ///
  /// - Returns: ``count`` integers.
  /// - Throws: ``DataLoadingError`` if the elements are floating-point (``IDXElementType/float32``
  ///   or ``IDXElementType/float64``).
  public func integers() throws(DataLoadingError) -> [Int] {
    switch elementType {
    case .uint8: return integers(of: UInt8.self)
    case .int8: return integers(of: Int8.self)
    case .int16: return integers(of: Int16.self)
    case .int32: return integers(of: Int32.self)
    case .float32, .float64:
      throw DataLoadingError(
        url: url,
        problem: .unexpectedElementType(
          elementType, expected: "integers (uint8, int8, int16 or int32)"))
    }
  }

  /// The elements, stored big-endian as `Element`s, converted to `Int`.
  private func integers<Element: FixedWidthInteger>(of _: Element.Type) -> [Int] {
    let count = count
    let stride = MemoryLayout<Element>.size
    return bytes.withUnsafeBytes { bytes in
      let source = bytes.baseAddress! + elementsOffset
      var result: [Int] = []
      result.reserveCapacity(count)
      for i in 0..<count {
        let element = source.loadUnaligned(fromByteOffset: i * stride, as: Element.self)
        result.append(Int(Element(bigEndian: element)))
      }
      return result
    }
  }
}
