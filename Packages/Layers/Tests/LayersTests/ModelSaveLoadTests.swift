import Foundation
import Layers
import XCTest

/// A block of a test network.
struct SaveLoadBlock: Model {
  typealias Scalar = Float
  var weight: Tensor<Float>
  var bias: Tensor<Float>
}

/// A test network with every kind of leaf: tensors, a nested model, an array of models, a
/// scalar and an array of scalars; `let`s are structure and not saved.
struct SaveLoadNet: Model {
  typealias Scalar = Float
  var weight: Tensor<Float>
  var bias: Tensor<Float>
  var head: SaveLoadBlock
  var blocks: [SaveLoadBlock]
  var gain: Float
  var table: [Float]
  let name: String

  /// A network with scalars drawn from `seed`.
  init(seed: UInt64) {
    var generator = SeededRandomNumberGenerator(seed: seed)
    func tensor(_ shape: [Int]) -> Tensor<Float> {
      .randomNormal(shape: shape, using: &generator)
    }
    weight = tensor([3, 2])
    bias = tensor([3])
    head = SaveLoadBlock(weight: tensor([1, 3]), bias: tensor([1]))
    blocks = (0..<2).map { _ in SaveLoadBlock(weight: tensor([2, 2, 1]), bias: tensor([])) }
    gain = Float.random(in: -1...1, using: &generator)
    table = (0..<4).map { _ in Float.random(in: -1...1, using: &generator) }
    name = "net"
  }

  /// The parameter paths, in declaration order.
  static let parameterNames = [
    "weight", "bias", "head.weight", "head.bias", "blocks.0.weight", "blocks.0.bias",
    "blocks.1.weight", "blocks.1.bias", "gain", "table",
  ]
}

/// A network in `Double`.
struct SaveLoadDoubleNet: Model {
  typealias Scalar = Double
  var layers: [[Tensor<Double>]]
  var temperature: Double

  init(seed: UInt64) {
    var generator = SeededRandomNumberGenerator(seed: seed)
    layers = [[2, 3], [4]].map { shapes in
      shapes.map { Tensor<Double>.randomNormal(shape: [$0, 2], using: &generator) }
    }
    temperature = Double.random(in: 0...1, using: &generator)
  }
}

/// A temporary directory for one test, removed afterwards.
class SafetensorsTestCase: XCTestCase {
  var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("protograd-safetensors-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// A file URL in the test's directory.
  func file(_ name: String) -> URL { directory.appendingPathComponent(name) }

  /// The names of the files in the test's directory.
  func directoryContents() throws -> [String] {
    try FileManager.default.contentsOfDirectory(atPath: directory.path).sorted()
  }
}

/// The bit patterns of the scalars of `vector`, to compare vectors bitwise (NaNs included).
func bitPatterns<V: VectorSpace>(_ vector: V) -> [UInt64] {
  vector.flattened().map { scalar in
    withUnsafeBytes(of: scalar) { bytes in
      bytes.reversed().reduce(UInt64(0)) { $0 << 8 | UInt64($1) }
    }
  }
}

final class ModelSaveLoadTests: SafetensorsTestCase {
  func testRoundTripRestoresEveryParameterBitwise() throws {
    var saved = SaveLoadNet(seed: 1)
    saved.table = [.nan, -0.0, .infinity, .leastNonzeroMagnitude]
    let url = file("net.safetensors")
    try saved.save(to: url)

    var loaded = SaveLoadNet(seed: 2)
    XCTAssertNotEqual(bitPatterns(loaded), bitPatterns(saved))
    try loaded.load(from: url)
    XCTAssertEqual(bitPatterns(loaded), bitPatterns(saved))
    XCTAssertEqual(loaded.blocks[1].weight.shape, [2, 2, 1])
    XCTAssertEqual(loaded.name, "net")
  }

  func testRoundTripInDouble() throws {
    let saved = SaveLoadDoubleNet(seed: 3)
    let url = file("double.safetensors")
    try saved.save(to: url)
    var loaded = SaveLoadDoubleNet(seed: 4)
    try loaded.load(from: url)
    XCTAssertEqual(bitPatterns(loaded), bitPatterns(saved))

    let entries = try SafetensorsFile(contentsOf: url).entries
    XCTAssertEqual(entries.map(\.name), ["layers.0.0", "layers.0.1", "layers.1.0", "temperature"])
    XCTAssertEqual(entries.map(\.dtype), Array(repeating: .float64, count: 4))
    XCTAssertEqual(entries.map(\.shape), [[2, 2], [3, 2], [4, 2], []])
  }

  func testTensorsAreNamedByParameterPathInDeclarationOrder() throws {
    let model = SaveLoadNet(seed: 5)
    let url = file("net.safetensors")
    try model.save(to: url)
    let saved = try SafetensorsFile(contentsOf: url)
    XCTAssertEqual(saved.entries.map(\.name), SaveLoadNet.parameterNames)
    XCTAssertEqual(model.leafPaths.map(\.name), SaveLoadNet.parameterNames)
    XCTAssertEqual(
      saved.entries.map(\.shape),
      [[3, 2], [3], [1, 3], [1], [2, 2, 1], [], [2, 2, 1], [], [], [4]])
    XCTAssertEqual(saved.entries.map(\.dtype), Array(repeating: .float32, count: 10))
    XCTAssertEqual(saved.metadata, ["format": "pt"])
    XCTAssertEqual(
      try saved.tensor(named: "head.weight", as: Float.self).scalars, model.head.weight.scalars)
    XCTAssertEqual(try saved.tensor(named: "gain", as: Float.self).shape, [])
    XCTAssertEqual(saved.entry(named: "table")?.byteRange.count, 16)
    XCTAssertNil(saved.entry(named: "name"))
  }

  /// The whole file for a tiny model, byte by byte: the length field, the header JSON (keys in
  /// declaration order, padded with spaces to a multiple of 8 bytes) and the little-endian data.
  func testFileBytesOfATinyModel() throws {
    struct Tiny: Model {
      typealias Scalar = Float
      var w: Tensor<Float>
      var b: Float
    }
    let url = file("tiny.safetensors")
    try Tiny(w: Tensor(shape: [1, 2], scalars: [1, -2]), b: 0.5).save(to: url)

    let header =
      #"{"__metadata__":{"format":"pt"},"w":{"dtype":"F32","shape":[1,2],"data_offsets":[0,8]},"#
      + #""b":{"dtype":"F32","shape":[],"data_offsets":[8,12]}}"# + "    "
    let expected: [UInt8] =
      [0x90, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8)
      + [0x00, 0x00, 0x80, 0x3f, 0x00, 0x00, 0x00, 0xc0, 0x00, 0x00, 0x00, 0x3f]
    XCTAssertEqual(header.utf8.count, 144)
    XCTAssertEqual([UInt8](try Data(contentsOf: url)), expected)
  }

  /// A bare tensor is saved under the name "tensor"; `Double` is `F64`.
  func testFileBytesOfABareDoubleTensor() throws {
    let url = file("tensor.safetensors")
    try Tensor<Double>([1.5, -0.25]).save(to: url)
    let header =
      #"{"__metadata__":{"format":"pt"},"tensor":{"dtype":"F64","shape":[2],"#
      + #""data_offsets":[0,16]}}"# + "     "
    let expected: [UInt8] =
      [0x60, 0, 0, 0, 0, 0, 0, 0] + Array(header.utf8)
      + [0, 0, 0, 0, 0, 0, 0xf8, 0x3f, 0, 0, 0, 0, 0, 0, 0xd0, 0xbf]
    XCTAssertEqual([UInt8](try Data(contentsOf: url)), expected)

    var loaded = Tensor<Double>.zeros(shape: [2])
    try loaded.load(from: url)
    XCTAssertEqual(loaded.scalars, [1.5, -0.25])
  }

  func testMetadataIsMergedIntoTheHeader() throws {
    let url = file("net.safetensors")
    try SaveLoadNet(seed: 6).save(
      to: url, metadata: ["epoch": "3", "note": "a \"quoted\"\n\\ line"])
    XCTAssertEqual(
      try SafetensorsFile(contentsOf: url).metadata,
      ["format": "pt", "epoch": "3", "note": "a \"quoted\"\n\\ line"])
  }

  func testArraysOfModelsAndEmptyTensorsRoundTrip() throws {
    var generator = SeededRandomNumberGenerator(seed: 7)
    let saved = [
      SaveLoadBlock(weight: .randomNormal(shape: [2, 0], using: &generator), bias: Tensor([4])),
      SaveLoadBlock(weight: .randomNormal(shape: [1, 3], using: &generator), bias: Tensor(5)),
    ]
    let url = file("blocks.safetensors")
    try saved.save(to: url)
    var loaded = saved.map { SaveLoadBlock(weight: $0.weight.zero, bias: $0.bias.zero) }
    try loaded.load(from: url)
    XCTAssertEqual(bitPatterns(loaded), bitPatterns(saved))
    XCTAssertEqual(
      try SafetensorsFile(contentsOf: url).entries.map(\.byteRange),
      [0..<0, 0..<4, 4..<16, 16..<20])
  }

  func testSavingOverAFileReplacesIt() throws {
    let url = file("net.safetensors")
    try SaveLoadNet(seed: 8).save(to: url)
    let second = SaveLoadNet(seed: 9)
    try second.save(to: url)
    var loaded = SaveLoadNet(seed: 10)
    try loaded.load(from: url)
    XCTAssertEqual(bitPatterns(loaded), bitPatterns(second))
    XCTAssertEqual(try directoryContents(), ["net.safetensors"])
  }

  /// The examples of the documentation of `save(to:metadata:)`, `load(from:)`,
  /// `SafetensorsFile` and `SafetensorsDType`.
  func testDocumentationExamples() throws {
    struct Affine: Model {
      typealias Scalar = Float
      var weight: Tensor<Float>
      var bias: Float
    }
    let url = file("affine.safetensors")
    let model = Affine(weight: Tensor(shape: [1, 2], scalars: [1, 2]), bias: 3)
    try model.save(to: url)
    var restored = Affine(weight: .zeros(shape: [1, 2]), bias: 0)
    try restored.load(from: url)
    XCTAssertEqual(restored.weight.scalars, [1.0, 2.0])
    XCTAssertEqual(restored.bias, 3)

    let file = try SafetensorsFile(contentsOf: url)
    XCTAssertEqual(
      file.entries.map { "\($0.name) \($0.dtype.rawValue) \($0.shape)" },
      ["weight F32 [1, 2]", "bias F32 []"])
    XCTAssertEqual(try file.tensor(named: "weight", as: Float.self).shape, [1, 2])
    XCTAssertEqual(file.entry(named: "bias")?.shape, [])

    XCTAssertEqual(SafetensorsDType(rawValue: "BF16")?.bitCount, 16)
    XCTAssertEqual(SafetensorsDType(scalarType: Double.self), .float64)
    XCTAssertNil(SafetensorsDType(scalarType: Int.self))
  }

  /// Two leaves with one name would make a file that cannot be loaded back.
  func testParametersWithTheSameNameAreAnError() throws {
    struct Twice: Model {
      typealias Scalar = Float
      var weight = Tensor<Float>([1])
      var leafPaths: [LeafPath<Twice>] {
        [LeafPath(\.weight, name: "weight"), LeafPath(\.weight, name: "weight")]
      }
    }
    let url = file("twice.safetensors")
    XCTAssertThrowsError(try Twice().save(to: url)) { error in
      XCTAssertEqual(
        (error as? SafetensorsError)?.problem,
        .unsupportedModel(reason: #"two parameters are both named "weight""#))
    }
    XCTAssertEqual(try directoryContents(), [])
  }

  func testTensorOfTheWrongScalarTypeIsAnError() throws {
    let url = file("net.safetensors")
    try SaveLoadNet(seed: 11).save(to: url)
    let saved = try SafetensorsFile(contentsOf: url)
    XCTAssertThrowsError(try saved.tensor(named: "bias", as: Double.self)) { error in
      XCTAssertEqual(
        (error as? SafetensorsError)?.problem,
        .dtypeMismatch(tensor: "bias", expected: .float64, found: .float32))
    }
    XCTAssertThrowsError(try saved.tensor(named: "nothing", as: Float.self)) { error in
      XCTAssertEqual(
        "\(error)",
        #"\#(url.path): the file has no tensor "nothing"; it has "weight", "bias", "head.weight", "#
          + #""head.bias", "blocks.0.weight", "blocks.0.bias", "blocks.1.weight", "blocks.1.bias", "#
          + #""gain", "table"."#)
    }
  }
}
