// The IDX file format of MNIST (LeCun et al., http://yann.lecun.com/exdb/mnist/): a magic
// number `00 00 <element type> <number of dimensions>`, each dimension as a big-endian UInt32,
// then the elements, big-endian, in row-major order.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A multidimensional array read from an IDX file, plain or gzip-compressed: the format of MNIST
/// and Fashion-MNIST.
///
/// Reading checks the file whole: the magic number, the element type, and that the file holds
/// exactly the bytes its dimensions promise; any problem throws a ``DataLoadingError`` that names
/// the file. The elements are converted when asked for, with ``tensor(as:scaledBy:)`` or
/// ``integers()``.
///
/// ```swift
/// let images = try IDXArray(contentsOf: URL(fileURLWithPath: "train-images-idx3-ubyte.gz"))
/// images.elementType                                   // .uint8
/// images.shape                                         // [60000, 28, 28]
/// let x = images.tensor(as: Float.self, scaledBy: 1 / 255)   // values in [0, 1]
/// ```
public struct IDXArray: Sendable {
  /// The file the array was read from.
  public let url: URL
  /// The type of the elements in the file.
  public let elementType: IDXElementType
  /// The dimensions, outermost first.
  public let shape: [Int]
  /// The file's (decompressed) bytes.
  let bytes: [UInt8]
  /// Where the elements start in ``bytes``: the length of the header.
  let elementsOffset: Int

  /// Reads the IDX file at `url`, decompressing it if it is gzip (recognized by its first
  /// bytes, whatever its name).
  ///
  /// - Parameter url: The file, such as `…/train-images-idx3-ubyte.gz`.
  /// - Throws: ``DataLoadingError`` if the file is missing, unreadable, empty, not gzip though
  ///   named `.gz`, truncated or corrupt gzip, not IDX, of an unknown element type, shorter or
  ///   longer than its header promises.
  /// - Complexity: One pass over the file (and one over the decompressed bytes for gzip).
  public init(contentsOf url: URL) throws(DataLoadingError) {
    try self.init(bytes: contents(of: url), source: url)
  }

  /// Reads an IDX file already in memory, such as a download, decompressing it if it is gzip.
  ///
  /// The bytes are checked exactly as ``init(contentsOf:)`` checks a file's, which is this
  /// initializer applied to the file's contents.
  ///
  /// ```swift
  /// let bytes: [UInt8] = [0, 0, 0x08, 1, 0, 0, 0, 3, 7, 8, 9]   // uint8, shape [3]
  /// let labels = try IDXArray(bytes: bytes, source: URL(fileURLWithPath: "labels"))
  /// try labels.integers()   // [7, 8, 9]
  /// ```
  ///
  /// - Parameters:
  ///   - bytes: The contents of an IDX file, plain or gzip-compressed.
  ///   - source: Where the bytes come from, the ``url`` of the array: errors name it, and a name
  ///     ending in `.gz` requires gzip bytes.
  /// - Throws: ``DataLoadingError`` naming `source` if the bytes are empty, not gzip though
  ///   named `.gz`, truncated or corrupt gzip, not IDX, of an unknown element type, shorter or
  ///   longer than their header promises.
  /// - Complexity: One pass over the bytes (and one over the decompressed bytes for gzip).
  public init(bytes: [UInt8], source: URL) throws(DataLoadingError) {
    try self.init(parsing: decompressed(bytes, from: source), from: source)
  }

  /// The array held by the IDX contents `bytes` of the file at `url`.
  init(parsing bytes: [UInt8], from url: URL) throws(DataLoadingError) {
    func fail(_ problem: DataLoadingError.Problem) -> DataLoadingError {
      DataLoadingError(url: url, problem: problem)
    }
    if bytes.count >= 2 && (bytes[0] != 0 || bytes[1] != 0) {
      throw fail(.notIDX(firstBytes: Array(bytes.prefix(4))))
    }
    guard bytes.count >= 4 else {
      throw fail(.truncatedHeader(expectedBytes: 4, actualBytes: bytes.count))
    }
    guard let elementType = IDXElementType(rawValue: bytes[2]) else {
      throw fail(.unknownElementType(code: bytes[2]))
    }
    let rank = Int(bytes[3])
    let headerCount = 4 + 4 * rank
    guard bytes.count >= headerCount else {
      throw fail(.truncatedHeader(expectedBytes: headerCount, actualBytes: bytes.count))
    }
    var shape: [Int] = []
    // The bytes of the nonzero dimensions: a zero one makes the array empty, but a tensor still
    // multiplies all its dimensions, so the others must not overflow either.
    var nonzeroBytes = elementType.byteCount
    var overflowed = false
    for axis in 0..<rank {
      var dimension = 0
      for byte in bytes[(4 + 4 * axis)..<(8 + 4 * axis)] {
        dimension = dimension << 8 | Int(byte)
      }
      shape.append(dimension)
      if dimension == 0 { continue }
      let product = nonzeroBytes.multipliedReportingOverflow(by: dimension)
      nonzeroBytes = product.partialValue
      overflowed = overflowed || product.overflow
    }
    let isEmpty = shape.contains(0)
    if overflowed && isEmpty {
      throw fail(
        .unexpectedShape(
          shape, expected: "nonzero dimensions that multiply to at most \(Int.max) bytes"))
    }
    let expectedBytes = isEmpty ? 0 : nonzeroBytes
    let actualBytes = bytes.count - headerCount
    if overflowed || actualBytes < expectedBytes {
      throw fail(
        .truncatedData(
          shape: shape, elementType: elementType,
          expectedBytes: overflowed ? Int.max : expectedBytes, actualBytes: actualBytes))
    }
    if actualBytes > expectedBytes {
      throw fail(
        .trailingBytes(
          shape: shape, elementType: elementType, expectedBytes: expectedBytes,
          actualBytes: actualBytes))
    }
    self.url = url
    self.elementType = elementType
    self.shape = shape
    self.bytes = bytes
    self.elementsOffset = headerCount
  }

  /// The number of elements: the product of ``shape``.
  public var count: Int { (bytes.count - elementsOffset) / elementType.byteCount }
}
