import Foundation
import Layers
import XCTest

/// The model the malformed files are loaded into: `weight` [2, 2] and `bias` [2], 24 bytes of F32.
private struct Pair: Model {
  typealias Scalar = Float
  var weight = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
  var bias = Tensor<Float>([5, 6])
}

/// The bytes of a safetensors file with the given header JSON and data section; the length
/// field is the header's length unless `declaredLength` is given.
private func safetensorsBytes(
  header: String, data: [UInt8] = [], declaredLength: UInt64? = nil
) -> [UInt8] {
  let length = declaredLength ?? UInt64(header.utf8.count)
  return (0..<8).map { UInt8(truncatingIfNeeded: length >> (8 * $0)) } + Array(header.utf8) + data
}

/// A header entry.
private func entry(_ dtype: String, _ shape: [Int], _ begin: Int, _ end: Int) -> String {
  #"{"dtype":"\#(dtype)","shape":\#(shape),"data_offsets":[\#(begin),\#(end)]}"#
}

/// A valid header for `Pair` and its 24 data bytes.
private let pairHeader =
  #"{"weight":\#(entry("F32", [2, 2], 0, 16)),"bias":\#(entry("F32", [2], 16, 24))}"#
private let pairData = [UInt8](repeating: 0, count: 24)

final class SafetensorsMalformedTests: SafetensorsTestCase {
  /// Writes `bytes` to `bad.safetensors`, loads it into a `Pair` and checks that the load throws
  /// a `SafetensorsError` whose message names the file and contains `fragments`, and that the
  /// model is unchanged.
  private func assertLoadFails(
    _ bytes: [UInt8]?, problem: SafetensorsError.Problem? = nil, containing fragments: String...,
    file: StaticString = #filePath, line: UInt = #line
  ) {
    let url = self.file("bad.safetensors")
    if let bytes {
      XCTAssertNoThrow(try Data(bytes).write(to: url), file: file, line: line)
      assertBytesReadLikeTheFile(bytes, at: url, file: file, line: line)
    }
    var model = Pair()
    XCTAssertThrowsError(try model.load(from: url), file: file, line: line) { error in
      guard let error = error as? SafetensorsError else {
        return XCTFail("not a SafetensorsError: \(error)", file: file, line: line)
      }
      let message = "\(error)"
      XCTAssertTrue(message.hasPrefix(url.path + ": "), message, file: file, line: line)
      if let problem {
        XCTAssertEqual(error.problem, problem, file: file, line: line)
      }
      for fragment in fragments where !message.contains(fragment) {
        XCTFail("the message lacks \"\(fragment)\": \(message)", file: file, line: line)
      }
    }
    XCTAssertEqual(
      bitPatterns(model), bitPatterns(Pair()), "the model changed", file: file, line: line)
  }

  func testTheValidFileOfTheseTestsLoads() throws {
    let url = file("pair.safetensors")
    try Data(safetensorsBytes(header: pairHeader, data: Array(0..<24))).write(to: url)
    var model = Pair()
    try model.load(from: url)
    XCTAssertEqual(model.bias.scalars.map(\.bitPattern), [0x1312_1110, 0x1716_1514])
  }

  func testMissingFile() {
    assertLoadFails(
      nil, problem: .unreadableFile(reason: "No such file or directory"),
      containing: "cannot open the file: No such file or directory")
  }

  func testDirectoryInsteadOfAFile() throws {
    try FileManager.default.createDirectory(
      at: file("bad.safetensors"), withIntermediateDirectories: false)
    assertLoadFails(nil, containing: "it is a directory")
  }

  func testFileShorterThanTheLengthField() {
    assertLoadFails([0x10, 0, 0], problem: .fileTooShort(byteCount: 3), containing: "3 bytes long")
    assertLoadFails([], problem: .fileTooShort(byteCount: 0), containing: "0 bytes long")
  }

  func testHeaderLengthPastTheEndOfTheFile() {
    assertLoadFails(
      safetensorsBytes(header: pairHeader, data: pairData, declaredLength: 1000),
      problem: .headerPastEndOfFile(
        headerByteCount: 1000, fileByteCount: 8 + pairHeader.utf8.count + 24),
      containing: "says 1000 bytes", "truncated")
  }

  func testAbsurdlyLargeHeaderLength() {
    assertLoadFails(
      safetensorsBytes(header: pairHeader, data: pairData, declaredLength: 200_000_000),
      problem: .headerTooLarge(headerByteCount: 200_000_000),
      containing: "says 200000000 bytes", "more than the 100000000 bytes")
    assertLoadFails(
      safetensorsBytes(header: pairHeader, data: pairData, declaredLength: .max),
      problem: .headerTooLarge(headerByteCount: .max))
  }

  func testHeaderThatIsNotUTF8() {
    let bytes: [UInt8] = [0x7b, 0xff, 0xfe, 0x7d, 0x20, 0x20, 0x20, 0x20]
    assertLoadFails([8, 0, 0, 0, 0, 0, 0, 0] + bytes, containing: "not valid UTF-8")
  }

  func testHeaderThatIsNotJSON() {
    assertLoadFails(
      safetensorsBytes(header: #"{"weight": "#, data: pairData),
      problem: .malformedHeader(
        reason: "it is not valid JSON: unexpected end, expected a value at byte 11 of the header"))
    assertLoadFails(
      safetensorsBytes(header: #"{"weight" 3}"#, data: pairData),
      containing: #"not valid JSON: expected ":" at byte 10"#)
    assertLoadFails(safetensorsBytes(header: "", data: pairData), containing: "not valid JSON")
    assertLoadFails(
      safetensorsBytes(header: String(repeating: "[", count: 100), data: pairData),
      containing: "nested too deeply")
    assertLoadFails(
      safetensorsBytes(header: "[1, 2]", data: pairData), containing: "not a JSON object")
    assertLoadFails(
      safetensorsBytes(header: #"{"weight": 3}"#, data: pairData),
      problem: .malformedEntry(tensor: "weight", reason: "it is not a JSON object"))
  }

  func testDuplicateNames() {
    let header =
      #"{"weight":\#(entry("F32", [2, 2], 0, 16)),"weight":\#(entry("F32", [2], 16, 24))}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: pairData),
      problem: .malformedHeader(reason: #"the name "weight" appears twice"#))
  }

  func testEntryWithoutDTypeShapeOrOffsets() {
    for field in ["dtype", "shape", "data_offsets"] {
      let header = pairHeader.replacingOccurrences(of: #""\#(field)":"#, with: #""x\#(field)":"#)
      assertLoadFails(
        safetensorsBytes(header: header, data: pairData),
        containing: #"tensor ""#, #"has no "\#(field)""#)
    }
  }

  func testEntryFieldsOfTheWrongType() {
    let header = #"{"weight":{"dtype":"F32","shape":"big","data_offsets":[0,16]}}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: pairData),
      problem: .malformedEntry(tensor: "weight", reason: #"its "shape" is not a list of integers"#))
    let fractional = #"{"weight":{"dtype":"F32","shape":[2.5],"data_offsets":[0,16]}}"#
    assertLoadFails(
      safetensorsBytes(header: fractional, data: pairData), containing: "not a list of integers")
    let negative = #"{"weight":{"dtype":"F32","shape":[-2,-2],"data_offsets":[0,16]}}"#
    assertLoadFails(
      safetensorsBytes(header: negative, data: pairData), containing: "negative dimension")
    let metadata = #"{"__metadata__":{"epoch":3}}"#
    assertLoadFails(
      safetensorsBytes(header: metadata, data: []),
      containing: #""__metadata__" is not an object of strings to strings"#)
  }

  func testOffsetsPastTheEndOfTheData() {
    let header =
      #"{"weight":\#(entry("F32", [2, 2], 0, 16)),"bias":\#(entry("F32", [1000], 16, 4016))}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: pairData),
      problem: .truncatedData(tensor: "bias", endOffset: 4016, dataByteCount: 24),
      containing: #"tensor "bias" ends at byte 4016"#, "has only 24 bytes", "truncated")
  }

  func testTruncatedData() throws {
    let url = file("whole.safetensors")
    try Pair().save(to: url)
    let bytes = [UInt8](try Data(contentsOf: url))
    assertLoadFails(
      Array(bytes.dropLast(5)),
      problem: .truncatedData(tensor: "bias", endOffset: 24, dataByteCount: 19),
      containing: "the file is truncated")
  }

  func testReversedOffsets() {
    let header = #"{"weight":\#(entry("F32", [2, 2], 16, 0)),"bias":\#(entry("F32", [2], 16, 24))}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: pairData),
      problem: .malformedEntry(
        tensor: "weight", reason: "its data_offsets [16, 0] are reversed: begin is after end"))
  }

  func testOffsetsInconsistentWithDTypeAndShape() {
    let header = #"{"weight":\#(entry("F32", [2, 2], 0, 12)),"bias":\#(entry("F32", [2], 12, 20))}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: Array(pairData.prefix(20))),
      containing: #"tensor "weight""#, "span 12 bytes",
      "4 elements of F32 (shape [2, 2]) take 16 bytes")
  }

  func testOverlappingOffsets() {
    let header = #"{"weight":\#(entry("F32", [2, 2], 0, 16)),"bias":\#(entry("F32", [2], 8, 16))}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: Array(pairData.prefix(16))),
      containing: #"tensor "bias""#, #"overlaps that of tensor "weight", which ends at byte 16"#)
  }

  func testOffsetsThatLeaveAGap() {
    let header = #"{"weight":\#(entry("F32", [2, 2], 0, 16)),"bias":\#(entry("F32", [2], 20, 28))}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: pairData + [0, 0, 0, 0]),
      containing: #"tensor "bias""#, "starts at byte 20", "belong to no tensor")
    assertLoadFails(
      safetensorsBytes(header: pairHeader, data: pairData + [0, 0]),
      containing: "cover 24 bytes of the data section, but the section has 26")
  }

  func testUnknownDType() {
    let header = pairHeader.replacingOccurrences(of: #""dtype":"F32""#, with: #""dtype":"F99""#)
    assertLoadFails(
      safetensorsBytes(header: header, data: pairData),
      containing: #"dtype "F99" is unknown"#, "F32, F64")
  }

  func testDTypeOtherThanTheModelsScalarType() {
    let half = #"{"weight":\#(entry("F16", [2, 2], 0, 8)),"bias":\#(entry("F32", [2], 8, 16))}"#
    assertLoadFails(
      safetensorsBytes(header: half, data: Array(pairData.prefix(16))),
      problem: .dtypeMismatch(tensor: "weight", expected: .float32, found: .float16),
      containing: #"tensor "weight" is stored as F16, but Float scalars load only F32. Convert "#,
      "array.astype(numpy.float32)")
    let double = #"{"weight":\#(entry("F32", [2, 2], 0, 16)),"bias":\#(entry("F64", [2], 16, 32))}"#
    assertLoadFails(
      safetensorsBytes(header: double, data: pairData + pairData.prefix(8)),
      problem: .dtypeMismatch(tensor: "bias", expected: .float32, found: .float64),
      containing: "stored as F64", "Load the file into a model of Double")
  }

  func testFloatFileIntoADoubleModel() throws {
    let url = file("pair.safetensors")
    try Pair().save(to: url)
    var model = SaveLoadDoubleNet(seed: 1)
    XCTAssertThrowsError(try model.load(from: url)) { error in
      XCTAssertTrue("\(error)".contains("lacks 4 of the model's parameters"), "\(error)")
      XCTAssertTrue("\(error)".contains("has 2 tensors the model lacks"), "\(error)")
    }
    var tensor = Tensor<Double>.zeros(shape: [2])
    let bias = try SafetensorsFile(contentsOf: url).tensor(named: "bias", as: Float.self)
    try bias.save(to: url)
    XCTAssertThrowsError(try tensor.load(from: url)) { error in
      XCTAssertEqual(
        (error as? SafetensorsError)?.problem,
        .dtypeMismatch(tensor: "tensor", expected: .float64, found: .float32))
      XCTAssertTrue("\(error)".contains("but Double scalars load only F64"), "\(error)")
    }
  }

  func testShapeOtherThanTheModels() {
    let header = #"{"weight":\#(entry("F32", [4], 0, 16)),"bias":\#(entry("F32", [2], 16, 24))}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: pairData),
      problem: .shapeMismatch(tensor: "weight", expected: [2, 2], found: [4]),
      containing: #"tensor "weight" has shape [4] in the file, but the model's parameter has "#
        + "shape [2, 2]", "Build the model with the sizes the file was saved with")
  }

  func testMissingTensors() {
    let header = #"{"weight":\#(entry("F32", [2, 2], 0, 16))}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: Array(pairData.prefix(16))),
      problem: .tensorNamesDiffer(missing: ["bias"], unexpected: []),
      containing: #"the file lacks the model's parameter "bias""#)
    assertLoadFails(
      safetensorsBytes(header: "{}", data: []),
      problem: .tensorNamesDiffer(missing: ["weight", "bias"], unexpected: []),
      containing: #"the file lacks 2 of the model's parameters: "weight", "bias""#)
  }

  /// Extra tensors are an error, as in PyTorch's `load_state_dict(strict=True)`: they mean the
  /// file comes from another architecture.
  func testTensorsTheModelDoesNotHave() {
    let header =
      #"{"weight":\#(entry("F32", [2, 2], 0, 16)),"bias":\#(entry("F32", [2], 16, 24)),"#
      + #""extra":\#(entry("F32", [], 24, 28)),"bias2":\#(entry("F32", [2], 28, 36))}"#
    assertLoadFails(
      safetensorsBytes(header: header, data: pairData + pairData.prefix(12)),
      problem: .tensorNamesDiffer(missing: [], unexpected: ["extra", "bias2"]),
      containing: #"the file has 2 tensors the model lacks: "extra", "bias2""#,
      "SafetensorsFile(contentsOf:)")
  }

  /// Random damage to a valid file (bytes overwritten, the file cut short) is always reported
  /// as an error or loads as a valid file; it never traps.
  func testRandomCorruptionNeverTraps() throws {
    let url = file("whole.safetensors")
    try Pair().save(to: url)
    let original = [UInt8](try Data(contentsOf: url))
    var generator = SeededRandomNumberGenerator(seed: 42)
    var failures = 0
    for _ in 0..<300 {
      var bytes = original
      for _ in 0..<Int.random(in: 1...3, using: &generator) {
        let index = Int.random(in: 0..<bytes.count, using: &generator)
        bytes[index] = UInt8.random(in: 0...255, using: &generator)
      }
      if Bool.random(using: &generator) {
        bytes.removeLast(Int.random(in: 0..<bytes.count, using: &generator))
      }
      try Data(bytes).write(to: url)
      var model = Pair()
      do {
        try model.load(from: url)
      } catch is SafetensorsError {
        failures += 1
        XCTAssertEqual(bitPatterns(model), bitPatterns(Pair()))
      }
    }
    XCTAssertGreaterThan(failures, 150)
  }
}
