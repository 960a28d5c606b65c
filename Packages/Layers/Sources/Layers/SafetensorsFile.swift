import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A safetensors file read into memory: its tensors' names, element types and shapes, its
/// metadata, and their data, for inspection or for loading tensors one by one.
///
/// The format (Hugging Face's, read by PyTorch, NumPy, JAX and others) is an 8-byte
/// little-endian header length `N`, `N` bytes of UTF-8 JSON mapping each tensor name to its
/// `dtype`, `shape` and `data_offsets` (plus an optional `"__metadata__"` of strings), then the
/// data section: every tensor's scalars, row-major and little-endian, one after another.
/// The whole file is checked when it is read (see ``init(contentsOf:)``).
///
/// ```swift
/// let file = try SafetensorsFile(contentsOf: url)
/// for entry in file.entries { print(entry.name, entry.dtype.rawValue, entry.shape) }
/// // weight F32 [3, 5]
/// // bias F32 [3]
/// let weight = try file.tensor(named: "weight", as: Float.self)   // a Tensor<Float>, shape [3, 5]
/// ```
///
/// To load a whole model, use ``VectorSpace/load(from:)``.
public struct SafetensorsFile: Sendable {
  /// The largest header accepted, in bytes: 100 MB, the limit of the reference implementation.
  public static let maximumHeaderByteCount = 100_000_000

  /// One tensor of the file, as its header describes it.
  public struct Entry: Equatable, Sendable {
    /// The tensor's name (for a saved model, its parameter path, such as `"layers.0.weight"`).
    public let name: String
    /// The element type.
    public let dtype: SafetensorsDType
    /// The size of each dimension, outermost first; `[]` for a scalar.
    public let shape: [Int]
    /// Where the tensor's bytes lie in the data section (the `data_offsets` of the header).
    public let byteRange: Range<Int>

    /// An entry with the given fields.
    public init(name: String, dtype: SafetensorsDType, shape: [Int], byteRange: Range<Int>) {
      self.name = name
      self.dtype = dtype
      self.shape = shape
      self.byteRange = byteRange
    }
  }

  /// The file this was read from.
  public let url: URL

  /// The tensors, in the order of their data in the file.
  public let entries: [Entry]

  /// The header's `"__metadata__"` (`["format": "pt"]` in files saved by ProtoGrad and by
  /// PyTorch); empty when the file has none.
  public let metadata: [String: String]

  /// The data section.
  let data: [UInt8]

  /// The position of each tensor in ``entries``, by name.
  let indexByName: [String: Int]

  /// Reads and checks the safetensors file at `url`.
  ///
  /// Reading never traps on a malformed file: the header length is checked against the file
  /// and the 100 MB limit, the header must be UTF-8 JSON whose entries each have a known
  /// `dtype`, a `shape` and `data_offsets` that agree with each other, and the tensors must lie
  /// one after another, covering the data section exactly.
  ///
  /// - Parameter url: A file URL.
  /// - Throws: ``SafetensorsError`` naming the file and the problem: a missing or unreadable
  ///   file, a file too short or truncated, a malformed header or entry.
  public init(contentsOf url: URL) throws {
    let (header, data) = try Self.read(url)
    try self.init(header: header, data: data, url: url)
  }

  /// Reads and checks a safetensors file already in memory, such as a download.
  ///
  /// The bytes are checked exactly as ``init(contentsOf:)`` checks a file's.
  ///
  /// ```swift
  /// let header = #"{"bias":{"dtype":"F32","shape":[1],"data_offsets":[0,4]}}"#
  /// let bytes = [UInt8(header.utf8.count), 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8)
  ///   + [0, 0, 0x80, 0x3F]   // 1.0 as a little-endian Float
  /// let url = URL(fileURLWithPath: "bias.safetensors")   // only names the bytes in errors
  /// let file = try SafetensorsFile(bytes: bytes, source: url)
  /// try file.tensor(named: "bias", as: Float.self).scalars   // [1.0]
  /// ```
  ///
  /// - Parameters:
  ///   - bytes: The whole contents of a safetensors file.
  ///   - source: Where the bytes come from, the ``url`` of the file: errors name it.
  /// - Throws: ``SafetensorsError`` naming `source` and the problem: bytes too short or
  ///   truncated, a malformed header or entry.
  /// - Complexity: One pass over the bytes.
  public init(bytes: [UInt8], source: URL) throws {
    let headerByteCount = try Self.headerByteCount(
      lengthField: bytes.prefix(8), fileByteCount: bytes.count, url: source)
    let dataOffset = 8 + headerByteCount
    try self.init(
      header: Array(bytes[8..<dataOffset]), data: Array(bytes[dataOffset...]), url: source)
  }

  /// Checks `header`, the header bytes of the file at `url`, against its data section `data`.
  private init(header: [UInt8], data: [UInt8], url: URL) throws {
    let parsed = try SafetensorsHeader(parsing: header, dataByteCount: data.count, url: url)
    self.url = url
    self.entries = parsed.entries
    self.metadata = parsed.metadata
    self.data = data
    self.indexByName = Dictionary(
      parsed.entries.enumerated().map { ($1.name, $0) }, uniquingKeysWith: { first, _ in first })
  }

  /// The entry of the tensor called `name`, or nil if the file has none.
  ///
  /// ```swift
  /// file.entry(named: "bias")?.shape   // [3]
  /// ```
  public func entry(named name: String) -> Entry? {
    indexByName[name].map { entries[$0] }
  }

  /// The tensor called `name`, with scalars of type `Scalar`.
  ///
  /// - Parameters:
  ///   - name: The tensor's name in the file.
  ///   - scalarType: `Float` for an `F32` tensor, `Double` for an `F64` one.
  /// - Throws: ``SafetensorsError`` if the file has no such tensor, or stores it with another
  ///   element type (no conversion is made).
  ///
  /// ```swift
  /// let bias = try file.tensor(named: "bias", as: Float.self)   // Tensor<Float>, shape [3]
  /// ```
  public func tensor<Scalar: TensorScalar>(
    named name: String, as scalarType: Scalar.Type = Scalar.self
  ) throws -> Tensor<Scalar> {
    guard let entry = entry(named: name) else {
      throw SafetensorsError(
        url: url, problem: .noSuchTensor(name: name, available: entries.map(\.name)))
    }
    try checkDType(of: entry, loadingAs: Scalar.self)
    return Tensor(shape: entry.shape) { copyScalars(of: entry, into: $0) }
  }

  /// Throws unless `entry` holds scalars of type `Scalar`.
  func checkDType<Scalar>(of entry: Entry, loadingAs _: Scalar.Type) throws {
    guard let expected = SafetensorsDType(scalarType: Scalar.self) else {
      throw SafetensorsError(
        url: url,
        problem: .unsupportedModel(reason: "\(Scalar.self) has no safetensors dtype"))
    }
    guard entry.dtype == expected else {
      throw SafetensorsError(
        url: url,
        problem: .dtypeMismatch(tensor: entry.name, expected: expected, found: entry.dtype))
    }
  }

  /// Copies the scalars of `entry` into `buffer`, which holds exactly as many.
  ///
  /// - Precondition: `entry` is one of ``entries``, of `Scalar`'s dtype and `buffer`'s count.
  func copyScalars<Scalar>(of entry: Entry, into buffer: UnsafeMutableBufferPointer<Scalar>) {
    let target = UnsafeMutableRawBufferPointer(buffer)
    precondition(target.count == entry.byteRange.count, "copyScalars: buffer size mismatch")
    data.withUnsafeBytes { source in
      target.copyMemory(from: UnsafeRawBufferPointer(rebasing: source[entry.byteRange]))
    }
    #if _endian(big)
    for index in buffer.indices { buffer[index] = Self.byteSwapped(buffer[index]) }
    #endif
  }

  /// `value` with the order of its bytes reversed (little-endian ↔ big-endian).
  static func byteSwapped<Scalar>(_ value: Scalar) -> Scalar {
    var copy = value
    withUnsafeMutableBytes(of: &copy) { bytes in
      var view = bytes  // a mutable copy of the buffer, not of the bytes it points to
      view.reverse()
    }
    return copy
  }

  /// The header bytes and the data section of the file at `url`.
  private static func read(_ url: URL) throws -> (header: [UInt8], data: [UInt8]) {
    func failure(_ problem: SafetensorsError.Problem) -> SafetensorsError {
      SafetensorsError(url: url, problem: problem)
    }
    guard url.isFileURL else { throw failure(.unreadableFile(reason: "it is not a file URL")) }
    // Non-blocking, so that opening a named pipe by mistake fails below instead of waiting.
    let descriptor = open(url.path, O_RDONLY | O_CLOEXEC | O_NONBLOCK)
    guard descriptor >= 0 else { throw failure(.unreadableFile(reason: systemError())) }
    defer { close(descriptor) }
    var status = stat()
    guard fstat(descriptor, &status) == 0 else {
      throw failure(.unreadableFile(reason: systemError()))
    }
    guard status.st_mode & S_IFMT == S_IFREG else {
      let kind = status.st_mode & S_IFMT == S_IFDIR ? "a directory" : "not a regular file"
      throw failure(.unreadableFile(reason: "it is \(kind)"))
    }
    let fileByteCount = Int(status.st_size)
    let lengthField = try readBytes(descriptor, count: min(fileByteCount, 8), at: 0, url: url)
    let headerByteCount = try headerByteCount(
      lengthField: lengthField[...], fileByteCount: fileByteCount, url: url)
    let header = try readBytes(descriptor, count: headerByteCount, at: 8, url: url)
    guard header.count == headerByteCount else {
      throw failure(
        .headerPastEndOfFile(
          headerByteCount: UInt64(headerByteCount), fileByteCount: 8 + header.count))
    }
    let dataOffset = 8 + header.count
    let data = try readBytes(
      descriptor, count: fileByteCount - dataOffset, at: dataOffset, url: url)
    return (header, data)
  }

  /// The header length that `lengthField`, the first bytes of a file of `fileByteCount` bytes,
  /// declares, after checking that the field is whole and the header within the limit and the
  /// file.
  private static func headerByteCount(
    lengthField: ArraySlice<UInt8>, fileByteCount: Int, url: URL
  ) throws -> Int {
    func failure(_ problem: SafetensorsError.Problem) -> SafetensorsError {
      SafetensorsError(url: url, problem: problem)
    }
    guard lengthField.count == 8 else { throw failure(.fileTooShort(byteCount: lengthField.count)) }
    let headerByteCount = lengthField.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    guard headerByteCount <= maximumHeaderByteCount else {
      throw failure(.headerTooLarge(headerByteCount: headerByteCount))
    }
    guard headerByteCount <= fileByteCount - 8 else {
      throw failure(
        .headerPastEndOfFile(headerByteCount: headerByteCount, fileByteCount: fileByteCount))
    }
    return Int(headerByteCount)
  }

  /// Up to `count` bytes from `offset`; fewer only if the file ends first.
  private static func readBytes(
    _ descriptor: Int32, count: Int, at offset: Int, url: URL
  ) throws -> [UInt8] {
    var failed: String?
    let bytes = [UInt8](unsafeUninitializedCapacity: count) { buffer, initializedCount in
      initializedCount = 0
      while initializedCount < count {
        let result = pread(
          descriptor, buffer.baseAddress! + initializedCount, count - initializedCount,
          off_t(offset + initializedCount))
        if result > 0 {
          initializedCount += result
        } else if result == 0 {
          return
        } else if case let code = errno, code != EINTR {
          failed = systemError(code)
          return
        }
      }
    }
    if let failed { throw SafetensorsError(url: url, problem: .unreadableFile(reason: failed)) }
    return bytes
  }
}

/// The system's description of an `errno` value, such as "No such file or directory".
func systemError(_ code: Int32 = errno) -> String {
  String(cString: strerror(code))
}
