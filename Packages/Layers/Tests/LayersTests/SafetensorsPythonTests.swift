import Foundation
import Layers
import XCTest

/// Reads (`read PATH`) or writes (`write PATH SPEC`) a safetensors file with the reference
/// implementation, `safetensors.numpy`, and prints every tensor's dtype, shape and little-endian
/// bytes as JSON, with the file's metadata.
private let pythonScript = """
  import json, sys
  import numpy as np
  from safetensors import safe_open
  from safetensors.numpy import load_file, save_file

  def describe(tensors, path):
      with safe_open(path, framework="np") as f:
          metadata = f.metadata() or {}
      described = {
          name: {
              "dtype": str(array.dtype),
              "shape": list(array.shape),
              "hex": array.astype(array.dtype.newbyteorder("<")).tobytes().hex(),
          }
          for name, array in tensors.items()
      }
      return {"metadata": metadata, "tensors": described}

  mode, path = sys.argv[1], sys.argv[2]
  if mode == "read":
      tensors = load_file(path)
  else:
      spec = json.loads(sys.argv[3])
      rng = np.random.default_rng(7)
      tensors = {
          name: np.asarray(rng.standard_normal(shape), dtype=spec["dtype"])
          for name, shape in spec["shapes"].items()
      }
      tensors[spec["nan"]].reshape(-1)[0] = np.nan
      save_file(tensors, path, metadata={"written_by": "safetensors.numpy"})
  print(json.dumps(describe(tensors, path)))
  """

/// The reference script exited with an error.
private struct PythonFailed: Error {
  let message: String
}

/// What Python reports about a file.
private struct PythonView: Decodable {
  struct Tensor: Decodable, Equatable {
    let dtype: String
    let shape: [Int]
    let hex: String
  }
  let metadata: [String: String]
  let tensors: [String: Tensor]
}

/// The little-endian bytes of `scalars` in hexadecimal, as NumPy's `tobytes().hex()` prints them.
private func littleEndianHex<Scalar>(_ scalars: [Scalar]) -> String {
  scalars.map { scalar in
    withUnsafeBytes(of: scalar) { bytes in bytes.map { String(format: "%02x", $0) }.joined() }
  }.joined()
}

/// Cross-checks with Python's `safetensors` package (skipped where python3, NumPy or safetensors
/// is missing, unless `PROTOGRAD_REQUIRE_PYTHON` is set; `Scripts/check-safetensors-python` sets
/// it). Files go to `PROTOGRAD_SAFETENSORS_PYTHON_DIR` when set, so that they can be inspected.
final class SafetensorsPythonTests: SafetensorsTestCase {
  private var workDirectory: URL {
    ProcessInfo.processInfo.environment["PROTOGRAD_SAFETENSORS_PYTHON_DIR"].map {
      URL(fileURLWithPath: $0)
    } ?? directory
  }

  /// Runs `python3` with `arguments`; returns its exit status, standard output and error.
  private func runPython(_ arguments: [String]) throws -> (
    status: Int32, output: Data, error: String
  ) {
    let process = Process()
    process.executableURL = URL(fileURLWithPath: "/usr/bin/env")
    process.arguments = ["python3"] + arguments
    let output = Pipe()
    let error = Pipe()
    process.standardOutput = output
    process.standardError = error
    try process.run()
    let outputData = output.fileHandleForReading.readDataToEndOfFile()
    let errorText = String(
      decoding: error.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    process.waitUntilExit()
    return (process.terminationStatus, outputData, errorText)
  }

  /// Skips the test (or fails it, if Python is required) unless Python has the packages.
  private func requirePython() throws {
    let check = try? runPython(["-c", "import numpy, safetensors.numpy"])
    guard check?.status != 0 else { return }
    let message =
      "needs python3 with numpy and safetensors (pip install safetensors numpy): "
      + (check?.error ?? "python3 did not start")
    if ProcessInfo.processInfo.environment["PROTOGRAD_REQUIRE_PYTHON"] != nil {
      throw PythonFailed(message: message)
    }
    throw XCTSkip(message)
  }

  /// Runs the reference script and decodes its report.
  private func python(_ arguments: [String]) throws -> PythonView {
    let result = try runPython(["-c", pythonScript] + arguments)
    guard result.status == 0 else { throw PythonFailed(message: result.error) }
    return try JSONDecoder().decode(PythonView.self, from: result.output)
  }

  /// What Swift reports about a saved file: each tensor's dtype, shape and bytes.
  private func swiftView<Scalar: TensorScalar>(
    of url: URL, as _: Scalar.Type
  ) throws -> [String: PythonView.Tensor] {
    let file = try SafetensorsFile(contentsOf: url)
    var view: [String: PythonView.Tensor] = [:]
    for entry in file.entries {
      let tensor = try file.tensor(named: entry.name, as: Scalar.self)
      view[entry.name] = PythonView.Tensor(
        dtype: Scalar.self == Float.self ? "float32" : "float64", shape: tensor.shape,
        hex: littleEndianHex(tensor.scalars))
    }
    return view
  }

  func testPythonReadsWhatSwiftSaves() throws {
    try requirePython()
    try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    var model = SaveLoadNet(seed: 31)
    model.table[1] = .nan
    let floatURL = workDirectory.appendingPathComponent("swift-float.safetensors")
    try model.save(to: floatURL, metadata: ["epoch": "7"])
    let python = try python(["read", floatURL.path])
    XCTAssertEqual(python.metadata, ["format": "pt", "epoch": "7"])
    XCTAssertEqual(Set(python.tensors.keys), Set(SaveLoadNet.parameterNames))
    XCTAssertEqual(python.tensors, try swiftView(of: floatURL, as: Float.self))
    XCTAssertEqual(python.tensors["blocks.1.weight"]?.shape, [2, 2, 1])
    XCTAssertEqual(python.tensors["gain"]?.shape, [])
    XCTAssertEqual(python.tensors["table"]?.hex, littleEndianHex(model.table))

    let doubleURL = workDirectory.appendingPathComponent("swift-double.safetensors")
    let doubleModel = SaveLoadDoubleNet(seed: 32)
    try doubleModel.save(to: doubleURL)
    let doublePython = try self.python(["read", doubleURL.path])
    XCTAssertEqual(doublePython.tensors, try swiftView(of: doubleURL, as: Double.self))
    XCTAssertEqual(
      doublePython.tensors["temperature"]?.hex, littleEndianHex([doubleModel.temperature]))
  }

  func testSwiftLoadsWhatPythonSaves() throws {
    try requirePython()
    try FileManager.default.createDirectory(at: workDirectory, withIntermediateDirectories: true)
    let shapesURL = workDirectory.appendingPathComponent("shapes.safetensors")
    try SaveLoadNet(seed: 0).save(to: shapesURL)
    let shapes = Dictionary(
      uniqueKeysWithValues: try SafetensorsFile(contentsOf: shapesURL).entries.map {
        ($0.name, $0.shape)
      })
    try FileManager.default.removeItem(at: shapesURL)
    let spec = try JSONSerialization.data(
      withJSONObject: ["dtype": "float32", "shapes": shapes, "nan": "head.weight"])

    let url = workDirectory.appendingPathComponent("python-float.safetensors")
    let python = try python(["write", url.path, String(decoding: spec, as: UTF8.self)])
    var model = SaveLoadNet(seed: 33)
    try model.load(from: url)
    XCTAssertEqual(python.tensors, try swiftView(of: url, as: Float.self))
    XCTAssertEqual(
      try SafetensorsFile(contentsOf: url).metadata, ["written_by": "safetensors.numpy"])
    XCTAssertEqual(python.tensors["weight"]?.hex, littleEndianHex(model.weight.scalars))
    XCTAssertEqual(python.tensors["head.weight"]?.hex, littleEndianHex(model.head.weight.scalars))
    XCTAssertTrue(model.head.weight.scalars[0].isNaN)
    XCTAssertEqual(
      python.tensors["blocks.1.bias"]?.hex, littleEndianHex(model.blocks[1].bias.scalars))
    XCTAssertEqual(python.tensors["gain"]?.hex, littleEndianHex([model.gain]))
    XCTAssertEqual(python.tensors["table"]?.hex, littleEndianHex(model.table))
    XCTAssertEqual(model.blocks[0].weight.shape, [2, 2, 1])

    let doubleSpec = try JSONSerialization.data(
      withJSONObject: [
        "dtype": "float64", "nan": "temperature",
        "shapes": [
          "layers.0.0": [2, 2], "layers.0.1": [3, 2], "layers.1.0": [4, 2], "temperature": [],
        ],
      ])
    let doubleURL = workDirectory.appendingPathComponent("python-double.safetensors")
    let doublePython = try self.python([
      "write", doubleURL.path, String(decoding: doubleSpec, as: UTF8.self),
    ])
    var doubleModel = SaveLoadDoubleNet(seed: 34)
    try doubleModel.load(from: doubleURL)
    XCTAssertEqual(
      doublePython.tensors["layers.1.0"]?.hex, littleEndianHex(doubleModel.layers[1][0].scalars))
    XCTAssertTrue(doubleModel.temperature.isNaN)
    XCTAssertEqual(doublePython.tensors, try swiftView(of: doubleURL, as: Double.self))
  }
}
