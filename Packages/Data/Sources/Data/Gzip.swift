// Gzip decompression with the system zlib (RFC 1952), for `.gz` data files.

import _Zlib

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

enum Gzip {
  /// Whether `bytes` start with the gzip magic number `1f 8b`.
  static func isCompressed(_ bytes: [UInt8]) -> Bool {
    bytes.count >= 2 && bytes[0] == 0x1F && bytes[1] == 0x8B
  }

  /// The decompressed contents of the gzip file `bytes`, read from `url`.
  ///
  /// A file may hold several gzip members one after another (`cat a.gz b.gz`); their contents
  /// are concatenated, as `gunzip` does. Anything else after a member is an error, as is a
  /// stream that ends early or fails its checksum.
  static func decompress(_ bytes: [UInt8], from url: URL) throws(DataLoadingError) -> [UInt8] {
    var stream = z_stream()
    guard protograd_inflateInitGzip(&stream) == Z_OK else {
      throw DataLoadingError(
        url: url, problem: .corruptGzip(reason: "zlib could not start (out of memory?)"))
    }
    defer { inflateEnd(&stream) }

    var output = [UInt8](repeating: 0, count: sizeHint(bytes))
    var consumed = 0
    var produced = 0
    while true {
      if produced == output.count {
        output.append(contentsOf: repeatElement(0, count: max(output.count, 1 << 16)))
      }
      let status = inflate(&stream, from: bytes, at: &consumed, into: &output, at: &produced)
      switch status {
      case Z_STREAM_END:
        if consumed == bytes.count {
          output.removeLast(output.count - produced)
          return output
        }
        guard isCompressed(Array(bytes[consumed...].prefix(2))) else {
          throw DataLoadingError(
            url: url,
            problem: .corruptGzip(
              reason: "\(bytes.count - consumed) bytes that are not gzip after the data"))
        }
        inflateReset(&stream)
      case Z_OK, Z_BUF_ERROR:
        // No end yet. With the output buffer full, it grows above and inflating goes on; with
        // room left, zlib has used all the input it could.
        if produced < output.count && consumed == bytes.count {
          throw DataLoadingError(url: url, problem: .truncatedGzip)
        }
        if produced < output.count && status == Z_BUF_ERROR {
          throw DataLoadingError(
            url: url, problem: .corruptGzip(reason: "inflate made no progress"))
        }
      default:
        let reason = stream.msg.map { String(cString: $0) } ?? "zlib error \(status)"
        throw DataLoadingError(url: url, problem: .corruptGzip(reason: reason))
      }
    }
  }

  /// Runs zlib's `inflate` on `input[consumed...]` into `output[produced...]`, advancing both
  /// positions by what it used and made, and returns zlib's status.
  private static func inflate(
    _ stream: inout z_stream, from input: [UInt8], at consumed: inout Int,
    into output: inout [UInt8], at produced: inout Int
  ) -> Int32 {
    input.withUnsafeBufferPointer { input in
      output.withUnsafeMutableBufferPointer { output in
        // zlib counts in 32 bits; a larger remainder is handed over in later calls.
        let available = UInt32(clamping: input.count - consumed)
        let space = UInt32(clamping: output.count - produced)
        stream.next_in = UnsafeMutablePointer(mutating: input.baseAddress! + consumed)
        stream.avail_in = available
        stream.next_out = output.baseAddress! + produced
        stream.avail_out = space
        let status = _Zlib.inflate(&stream, Z_NO_FLUSH)
        consumed += Int(available - stream.avail_in)
        produced += Int(space - stream.avail_out)
        // The pointers are only valid inside these closures.
        stream.next_in = nil
        stream.next_out = nil
        return status
      }
    }
  }

  /// A first size for the output buffer: the uncompressed size the last member's trailer
  /// records (modulo 2³², exact for a single member under 4 GiB), bounded by deflate's largest
  /// possible ratio so that a corrupt trailer cannot make it allocate gigabytes.
  private static func sizeHint(_ bytes: [UInt8]) -> Int {
    guard bytes.count >= 18 else { return 1 << 16 }
    let end = bytes.count
    var recorded = 0
    for k in 1...4 {
      recorded = recorded << 8 | Int(bytes[end - k])
    }
    return max(min(recorded, bytes.count * 1032), 1)
  }
}
