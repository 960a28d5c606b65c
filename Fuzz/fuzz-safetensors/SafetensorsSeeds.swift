// The seed corpus of the safetensors harness: files saved by ProtoGrad for the fuzz models, and
// files written by hand with every dtype, a zero-size tensor and escaped names.

import Foundation
import Layers

/// The seed inputs with their file names.
func seeds() throws -> [(name: String, bytes: [UInt8])] {
  let saved: [(name: String, bytes: [UInt8])] = [
    ("saved-float-model", try savedBytes { try FloatModel().save(to: $0) }),
    ("saved-double-model", try savedBytes { try DoubleModel().save(to: $0) }),
    (
      "saved-float-model-metadata",
      try savedBytes { try FloatModel().save(to: $0, metadata: ["epoch": "3", "note": "é \""]) }
    ),
  ]
  // Every dtype, in as few elements as fill whole bytes: 2 F4s, 4 F6s, 1 of the others.
  var entries: [(name: String, dtype: String, shape: [Int], byteCount: Int)] = []
  for dtype in SafetensorsDType.allCases {
    let shape = [8 / gcd(dtype.bitCount, 8)]
    entries.append(
      (dtype.rawValue.lowercased(), dtype.rawValue, shape, shape[0] * dtype.bitCount / 8))
  }
  let written: [(name: String, bytes: [UInt8])] = [
    ("every-dtype", file(entries)),
    ("empty", file([])),
    ("zero-size-and-scalar", file([("empty", "F32", [0, 3], 0), ("gain", "F64", [], 8)])),
    (
      "escaped-names",
      file([(#"caf\u00e9 \ud83d\ude00 \"q\""#, "F32", [1], 4), (#"a\/b\n"#, "F64", [1], 8)])
    ),
  ]
  return saved + written
}

/// The bytes of the file that `save` writes.
private func savedBytes(_ save: (URL) throws -> Void) throws -> [UInt8] {
  let url = FileManager.default.temporaryDirectory
    .appendingPathComponent("protograd-fuzz-seed-\(getpid()).safetensors")
  defer { try? FileManager.default.removeItem(at: url) }
  try save(url)
  return [UInt8](try Foundation.Data(contentsOf: url))
}

/// A safetensors file of the given tensors (names as JSON string contents), one after another,
/// each holding the bytes 1, 2, 3, …
private func file(_ entries: [(name: String, dtype: String, shape: [Int], byteCount: Int)])
  -> [UInt8]
{
  var offset = 0
  var members: [String] = []
  var data: [UInt8] = []
  for entry in entries {
    members.append(
      #""\#(entry.name)":{"dtype":"\#(entry.dtype)","shape":\#(entry.shape),"#
        + #""data_offsets":[\#(offset),\#(offset + entry.byteCount)]}"#)
    offset += entry.byteCount
    data += (0..<entry.byteCount).map { UInt8(truncatingIfNeeded: data.count + $0 + 1) }
  }
  let header = Array("{\(members.joined(separator: ","))}".utf8)
  return (0..<8).map { UInt8(truncatingIfNeeded: header.count >> (8 * $0)) } + header + data
}

/// The greatest common divisor of two positive integers.
private func gcd(_ a: Int, _ b: Int) -> Int {
  b == 0 ? a : gcd(b, a % b)
}
