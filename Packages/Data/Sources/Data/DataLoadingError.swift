#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A data file that could not be loaded: which file, and what is wrong with it.
///
/// Every loading function of the Data package throws this error, for missing, unreadable, empty,
/// truncated or corrupt files and for files whose contents are not what a data set needs. Its
/// ``description`` starts with the file's path, says what is wrong and, where it can, how to
/// fix it; ``problem`` tells the cases apart in code.
///
/// ```swift
/// do {
///   let data = try FashionMNIST()
/// } catch {
///   print(error)
///   // /data/train-images-idx3-ubyte.gz: the gzip data ends early: the file is truncated …
/// }
/// ```
public struct DataLoadingError: Error, Equatable, Sendable {
  /// The file the problem is with (for a data set not found, where it was first looked for).
  public var url: URL
  /// What is wrong.
  public var problem: Problem

  /// An error about the file at `url`.
  ///
  /// - Parameters:
  ///   - url: The file the problem is with.
  ///   - problem: What is wrong with it.
  public init(url: URL, problem: Problem) {
    self.url = url
    self.problem = problem
  }

  /// What can be wrong with a data file.
  public enum Problem: Equatable, Sendable {
    /// There is no file at the path.
    case fileNotFound
    /// None of the directories searched holds the data set's files. `searched` describes each
    /// place looked in; `installation` says how to get the data set.
    case datasetNotFound(dataset: String, searched: [String], installation: String)
    /// The file exists but could not be read (a directory, no permission …).
    case unreadable(reason: String)
    /// The file has no bytes at all.
    case emptyFile
    /// The file is named `.gz` but does not start with the gzip magic bytes `1f 8b`.
    case notGzip(firstBytes: [UInt8])
    /// The gzip data ends before the end of its stream.
    case truncatedGzip
    /// zlib rejected the gzip data, for the given reason (a bad checksum, invalid codes …).
    case corruptGzip(reason: String)
    /// The (decompressed) contents do not start with the IDX magic `00 00`.
    case notIDX(firstBytes: [UInt8])
    /// The IDX element type code (the third byte) is not one of ``IDXElementType``'s.
    case unknownElementType(code: UInt8)
    /// The file ends inside the IDX header (magic and dimensions).
    case truncatedHeader(expectedBytes: Int, actualBytes: Int)
    /// The header promises more element bytes than the file holds after it.
    case truncatedData(
      shape: [Int], elementType: IDXElementType, expectedBytes: Int, actualBytes: Int)
    /// The file holds more bytes after the header than its dimensions account for.
    case trailingBytes(
      shape: [Int], elementType: IDXElementType, expectedBytes: Int, actualBytes: Int)
    /// The elements have a type the reader cannot use here.
    case unexpectedElementType(IDXElementType, expected: String)
    /// The array has a shape the reader cannot use here.
    case unexpectedShape([Int], expected: String)
    /// A labels file does not have one label per image of its images file.
    case countMismatch(labels: Int, images: Int, imagesFile: URL)
    /// A label is not a class index in `0..<classes`.
    case labelOutOfRange(label: Int, index: Int, classes: Int)
  }
}
