// The seed corpus of the IDX harness: small valid inputs of every element type, plain and gzip.

/// The seed inputs (a mode byte, then the payload; see `IDXHarness.swift`) with their file names.
func seeds() -> [(name: String, bytes: [UInt8])] {
  // 0.1 and a NaN with a payload, as big-endian doubles.
  let tenth: [UInt8] = [0x3F, 0xB9, 0x99, 0x99, 0x99, 0x99, 0x99, 0x9A]
  let nan: [UInt8] = [0x7F, 0xF8, 0, 0, 0, 0, 0, 1]
  let arrays: [(name: String, bytes: [UInt8])] = [
    ("uint8-2x3", idx(type: 0x08, shape: [2, 3], elements: [0, 1, 2, 127, 128, 255])),
    ("int8-4", idx(type: 0x09, shape: [4], elements: [0, 1, 0x7F, 0x80])),
    (
      "int16-2x2",
      idx(type: 0x0B, shape: [2, 2], elements: [0, 1, 0x7F, 0xFF, 0x80, 0, 0xFF, 0xFF])
    ),
    ("int32-2", idx(type: 0x0C, shape: [2], elements: [0x7F, 0xFF, 0xFF, 0xFF, 0x80, 0, 0, 0])),
    // 1.5 and -infinity, big-endian.
    ("float32-2", idx(type: 0x0D, shape: [2], elements: [0x3F, 0xC0, 0, 0, 0xFF, 0x80, 0, 0])),
    ("float64-1x2", idx(type: 0x0E, shape: [1, 2], elements: tenth + nan)),
    ("uint8-scalar", idx(type: 0x08, shape: [], elements: [42])),
    ("uint8-empty-0x28x28", idx(type: 0x08, shape: [0, 28, 28], elements: [])),
    ("labels-10", idx(type: 0x08, shape: [10], elements: [9, 0, 0, 3, 0, 2, 7, 2, 5, 5])),
  ]
  let plain = arrays.map { ("plain-" + $0.name, [0] + $0.bytes) }
  let compressed = arrays.map { ("gzip-" + $0.name, [1] + $0.bytes) }
  let members = arrays.prefix(3).map { ("gzip-members-" + $0.name, [3] + $0.bytes) }
  // Gzip bytes as they are, for the fuzzer to mutate, under a plain name and a `.gz` one.
  let raw = arrays.prefix(2).flatMap { array in
    let bytes = gzipped(array.bytes, members: 1)
    return [
      ("raw-gzip-" + array.name, [0] + bytes), ("raw-gzip-named-gz-" + array.name, [4] + bytes),
    ]
  }
  // Once read as empty, then trapped converting to a tensor (see IDXArrayTests).
  let regression = [
    (
      "regression-empty-overflowing-shape",
      [0] + idx(type: 0x0D, shape: [1 << 32 - 1, 1 << 32 - 1, 0], elements: [])
    )
  ]
  return plain + compressed + members + raw + regression
}

/// The bytes of an IDX file: `00 00 type rank`, the dimensions as big-endian `UInt32`s, then
/// `elements`.
private func idx(type: UInt8, shape: [Int], elements: [UInt8]) -> [UInt8] {
  var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
  for dimension in shape {
    bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: dimension >> $0) }
  }
  return bytes + elements
}
