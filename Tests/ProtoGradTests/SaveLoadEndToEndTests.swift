import Foundation
import ProtoGrad
import XCTest

// What a user does with a trained model: save it, load it into a freshly built one and predict;
// and what happens when the file is from another network. (The atomicity of the write across a
// kill is LayersTests' SafetensorsAtomicWriteTests.)

final class SaveLoadEndToEndTests: XCTestCase {
  typealias MLP = Compose<Linear<Float>, ReLU<Float>, Dropout<Float>, Linear<Float>>

  var directory: URL!

  override func setUpWithError() throws {
    directory = FileManager.default.temporaryDirectory
      .appendingPathComponent("protograd-save-load-\(UUID().uuidString)")
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  }

  override func tearDownWithError() throws {
    try? FileManager.default.removeItem(at: directory)
  }

  /// 6 → `hidden` → 3 with ReLU and dropout 0.2, initialized from `seed`.
  static func makeMLP(hidden: Int = 16, seed: UInt64) -> MLP {
    var rng = SeededRandomNumberGenerator(seed: seed)
    return Compose(
      Linear(inputSize: 6, outputSize: hidden, using: &rng), ReLU(), Dropout(probability: 0.2),
      Linear(inputSize: hidden, outputSize: 3, using: &rng))
  }

  /// Inputs and one-hot targets of a small problem: 128 points, labelled by the largest of three
  /// random linear functions.
  static func makeData() -> (x: Tensor<Float>, y: Tensor<Float>) {
    var rng = SeededRandomNumberGenerator(seed: 100)
    let x = Tensor<Float>.randomNormal(shape: [128, 6], using: &rng)
    let labels = matmul(x, Tensor.randomNormal(shape: [6, 3], using: &rng)).argmax(alongAxis: 1)
    return (x, oneHot(labels, classes: 3))
  }

  /// 100 steps of SGD with dropout on minibatches of 32.
  static func train(_ start: MLP, on data: (x: Tensor<Float>, y: Tensor<Float>)) -> MLP {
    var rng = SeededRandomNumberGenerator(seed: 200)
    let batches = randomMinibatches(data.x, data.y, batchSize: 32, using: &rng)
    let objective = SupervisedObjective(loss: softmaxCrossEntropy, data: batches)
    return withTrainingMode(seed: 300) {
      last(
        GradientDescent(stepSize: 0.1).iterations(from: start, minimizing: objective).prefix(101))!
        .solution
    }
  }

  func testAModelLoadedIntoAFreshOnePredictsExactlyWhatTheTrainedOneDid() throws {
    let data = Self.makeData()
    let trained = Self.train(Self.makeMLP(seed: 1), on: data)
    let url = directory.appendingPathComponent("mlp.safetensors")
    try trained.save(to: url)

    var fresh = Self.makeMLP(seed: 2)
    XCTAssertNotEqual(fresh(data.x).scalars, trained(data.x).scalars, "the fresh model differs")
    try fresh.load(from: url)
    XCTAssertEqual(fresh.flattened().map(\.bitPattern), trained.flattened().map(\.bitPattern))
    XCTAssertEqual(
      fresh(data.x).scalars.map(\.bitPattern), trained(data.x).scalars.map(\.bitPattern))
    XCTAssertEqual(fresh(data.x).argmax(alongAxis: 1), trained(data.x).argmax(alongAxis: 1))
  }

  /// Same layers, another hidden size: the first tensor whose shape differs is named, with both
  /// shapes.
  func testLoadingAFileOfOtherLayerSizesThrowsNamingTheShapesAndChangesNothing() throws {
    let url = directory.appendingPathComponent("wide.safetensors")
    try Self.makeMLP(hidden: 16, seed: 1).save(to: url)
    var narrow = Self.makeMLP(hidden: 8, seed: 2)
    let before = narrow.flattened().map(\.bitPattern)
    XCTAssertThrowsError(try narrow.load(from: url)) { error in
      guard let error = error as? SafetensorsError else {
        return XCTFail("\(type(of: error)) is not a SafetensorsError: \(error)")
      }
      XCTAssertEqual(
        error.problem, .shapeMismatch(tensor: "0.weight", expected: [8, 6], found: [16, 6]))
      XCTAssertEqual(error.url, url)
      let message = "\(error)"
      for part in ["wide.safetensors", "\"0.weight\"", "[16, 6]", "[8, 6]"] {
        XCTAssertTrue(message.contains(part), "\(part) is not in: \(message)")
      }
    }
    XCTAssertEqual(narrow.flattened().map(\.bitPattern), before)
  }

  /// Without the dropout layer the second linear layer is number 2, not 3: the parameter names
  /// differ, and the error lists the missing and the unexpected ones.
  func testLoadingAFileOfAnotherLayerStackThrowsNamingTheTensorsAndChangesNothing() throws {
    var rng = SeededRandomNumberGenerator(seed: 1)
    let withoutDropout = Compose(
      Linear<Float>(inputSize: 6, outputSize: 16, using: &rng), ReLU(),
      Linear(inputSize: 16, outputSize: 3, using: &rng))
    let url = directory.appendingPathComponent("no-dropout.safetensors")
    try withoutDropout.save(to: url)
    var model = Self.makeMLP(seed: 2)
    let before = model.flattened().map(\.bitPattern)
    XCTAssertThrowsError(try model.load(from: url)) { error in
      guard let error = error as? SafetensorsError else {
        return XCTFail("\(type(of: error)) is not a SafetensorsError: \(error)")
      }
      XCTAssertEqual(
        error.problem,
        .tensorNamesDiffer(missing: ["3.weight", "3.bias"], unexpected: ["2.weight", "2.bias"]))
      let message = "\(error)"
      for part in ["no-dropout.safetensors", "\"3.weight\"", "\"2.bias\"", "different structure"] {
        XCTAssertTrue(message.contains(part), "\(part) is not in: \(message)")
      }
    }
    XCTAssertEqual(model.flattened().map(\.bitPattern), before)
  }
}
