#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

extension DataLoadingError: CustomStringConvertible, LocalizedError {
  /// The file's path, what is wrong with it and, where possible, how to fix it.
  public var description: String { "\(url.path): \(problem)" }

  /// The same as ``description``.
  public var errorDescription: String? { description }
}

/// Advice for a file whose bytes are damaged.
private let downloadAgain =
  "download it again (for Debian's dataset packages: sudo apt-get install --reinstall <package>)"

extension DataLoadingError.Problem: CustomStringConvertible {
  /// What is wrong and, where possible, how to fix it, in a sentence or two.
  public var description: String {
    switch self {
    case .fileNotFound:
      return "no such file; check the path"
    case .datasetNotFound(let dataset, let searched, let installation):
      return "\(dataset) not found; looked in: \(searched.joined(separator: ", ")). "
        + installation
    case .unreadable(let reason):
      return "cannot be read (\(reason)); check that it is a file you may read"
    case .emptyFile:
      return "the file is empty (0 bytes), probably an interrupted download; " + downloadAgain
    case .notGzip(let firstBytes):
      return "the name ends in .gz but the file is not gzip: it starts with "
        + "\(bytesDescription(firstBytes)), not the gzip magic 0x1F 0x8B; if it is an "
        + "uncompressed IDX file, remove .gz from its name, else " + downloadAgain
    case .truncatedGzip:
      return "the gzip data ends early: the file is truncated; " + downloadAgain
    case .corruptGzip(let reason):
      return "the gzip data is corrupt (zlib: \(reason)); " + downloadAgain
    case .notIDX(let firstBytes):
      return "not an IDX file: it starts with \(bytesDescription(firstBytes)), while IDX files "
        + "start with 0x00 0x00, an element type and a number of dimensions"
    case .unknownElementType(let code):
      let known = IDXElementType.allCases.map(\.description).joined(separator: ", ")
      return "unknown IDX element type \(hexadecimal(code)) (the third byte); "
        + "IDX defines \(known)"
    case .truncatedHeader(let expectedBytes, let actualBytes):
      return "the IDX header needs \(expectedBytes) bytes but the file holds only "
        + "\(actualBytes): it is truncated; " + downloadAgain
    case .truncatedData(let shape, let elementType, let expectedBytes, let actualBytes):
      return "the IDX header promises \(shape) \(elementType) elements, \(expectedBytes) bytes, "
        + "but only \(actualBytes) follow it: the file is truncated; " + downloadAgain
    case .trailingBytes(let shape, let elementType, let expectedBytes, let actualBytes):
      return "the IDX header promises \(shape) \(elementType) elements, \(expectedBytes) bytes, "
        + "but \(actualBytes) follow it: \(actualBytes - expectedBytes) unexpected bytes at the "
        + "end (two files joined?); " + downloadAgain
    case .unexpectedElementType(let elementType, let expected):
      return "the elements are \(elementType), expected \(expected)"
    case .unexpectedShape(let shape, let expected):
      return "the array has shape \(shape), expected \(expected)"
    case .countMismatch(let labels, let images, let imagesFile):
      return "\(labels) labels for the \(images) images of \(imagesFile.path); the images and "
        + "labels files must be a matching pair (both training or both test, same version)"
    case .labelOutOfRange(let label, let index, let classes):
      return "label \(label) at index \(index) is not a class in 0..<\(classes); "
        + "is this the labels file of another data set?"
    }
  }
}

/// Up to four bytes in hexadecimal, such as `0x50 0x4B 0x03 0x04`.
private func bytesDescription(_ bytes: [UInt8]) -> String {
  bytes.isEmpty ? "nothing" : bytes.prefix(4).map(hexadecimal).joined(separator: " ")
}
