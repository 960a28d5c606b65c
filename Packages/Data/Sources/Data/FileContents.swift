// Reading a data file whole, and decompressing data that is gzip.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// `bytes`, the contents of the file at `url`, decompressed when they are gzip.
///
/// Gzip is recognized by its magic bytes, `1f 8b`, whatever the file's name (an IDX file starts
/// with `00 00`, so the two cannot be confused); a file named `.gz` without them is an error
/// rather than data read as it is.
func decompressed(_ bytes: [UInt8], from url: URL) throws(DataLoadingError) -> [UInt8] {
  if bytes.isEmpty {
    throw DataLoadingError(url: url, problem: .emptyFile)
  }
  if Gzip.isCompressed(bytes) {
    return try Gzip.decompress(bytes, from: url)
  }
  if url.pathExtension == "gz" {
    throw DataLoadingError(url: url, problem: .notGzip(firstBytes: Array(bytes.prefix(4))))
  }
  return bytes
}

/// The bytes of the file at `url`, as they are.
func contents(of url: URL) throws(DataLoadingError) -> [UInt8] {
  let data: Data
  do {
    data = try Data(contentsOf: url)
  } catch let error as CocoaError where error.code == .fileReadNoSuchFile {
    throw DataLoadingError(url: url, problem: .fileNotFound)
  } catch {
    throw DataLoadingError(url: url, problem: .unreadable(reason: readFailure(error, at: url)))
  }
  return data.withUnsafeBytes { Array($0) }
}

/// Why reading the file at `url` failed with `error`, in words.
private func readFailure(_ error: any Error, at url: URL) -> String {
  if (try? FileManager.default.contentsOfDirectory(atPath: url.path)) != nil {
    return "it is a directory"
  }
  if let error = error as? CocoaError, error.code == .fileReadNoPermission {
    return "permission denied"
  }
  return "\(error)"
}
