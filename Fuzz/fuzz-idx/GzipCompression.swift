// Compressing fuzz inputs into gzip with the system zlib, the library the reader inflates with.

import _Zlib

/// `bytes` cut into `members` nearly equal parts, each compressed into a gzip member, one after
/// another.
func gzipped(_ bytes: [UInt8], members: Int) -> [UInt8] {
  let partSize = (bytes.count + members - 1) / members
  return (0..<members).flatMap { member in
    let start = min(member * partSize, bytes.count)
    return gzipMember(Array(bytes[start..<min(start + partSize, bytes.count)]))
  }
}

/// One gzip member holding `bytes`.
private func gzipMember(_ bytes: [UInt8]) -> [UInt8] {
  var stream = z_stream()
  // deflateInit2 is a macro; this is the function it calls. Window bits 15 + 16 ask for gzip.
  let status = deflateInit2_(
    &stream, Z_DEFAULT_COMPRESSION, Z_DEFLATED, 15 + 16, 8, Z_DEFAULT_STRATEGY, ZLIB_VERSION,
    Int32(MemoryLayout<z_stream>.size))
  precondition(status == Z_OK, "deflateInit2 failed: \(status)")
  defer { deflateEnd(&stream) }
  var input = bytes
  var output = [UInt8](repeating: 0, count: Int(deflateBound(&stream, UInt(bytes.count))))
  let produced = input.withUnsafeMutableBufferPointer { input in
    output.withUnsafeMutableBufferPointer { output in
      stream.next_in = input.baseAddress
      stream.avail_in = UInt32(input.count)
      stream.next_out = output.baseAddress
      stream.avail_out = UInt32(output.count)
      let status = deflate(&stream, Z_FINISH)
      precondition(status == Z_STREAM_END, "deflate did not finish: \(status)")
      return output.count - Int(stream.avail_out)
    }
  }
  return Array(output.prefix(produced))
}
