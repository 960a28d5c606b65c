import Foundation
import ProtoGrad
import XCTest
import _TestSupport

/// The README's examples, as written there, with the outputs its comments claim.
final class ReadmeTests: XCTestCase {
  struct Affine: Model {
    typealias Scalar = Double
    var weights: [Double]
    var bias: Double
    let activation: (Double) -> Double
  }

  func testModelsFormAVectorSpaceForFree() {
    var m = Affine(weights: [1, 2], bias: 3, activation: { max(0, $0) })
    let g = Affine(weights: [0.5, 0.5], bias: 1, activation: { $0 })
    m -= 0.1 * g
    XCTAssertEqual(dot(m, g), 4.35, accuracy: 1e-12)
    XCTAssertEqual(m.scalarCount, 3)
    assertSameScalars(m.flattened(), [0.95, 1.95, 2.9], "m.flattened()", 1e-12)
    XCTAssertEqual(m.activation(-1), 0, "structure is carried along")
  }
}

/// The README's "Gradients have the model's type" example.
final class ReadmeGradientTests: XCTestCase {
  struct Scale: Model {
    typealias Scalar = Double
    var weight: Tensor<Double>
    var bias: Tensor<Double>
    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { weight * x + bias }
  }

  func testGradientsHaveTheModelsType() {
    let m = Scale(weight: Tensor([1, 2]), bias: Tensor([0, 0]))
    let x = Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4])
    let (loss, g) = valueWithGradient(at: m) { m in
      (m(x) * m(x)).mean() + 0.5 * dot(m, m)
    }
    XCTAssertEqual(loss, 25, accuracy: 1e-12)
    XCTAssertEqual(g.weight.scalars, [6, 22])
    XCTAssertEqual(
      hessianVectorProduct(at: Tensor<Double>([1, 2]), along: Tensor([1, 1])) { x in
        (x * x * x).sum()
      }.scalars, [6, 12])
    let t = 0.5
    XCTAssertEqual(
      derivative(at: t) { t in Dual.sin(t) * Dual.exp(t) }, (cos(t) + sin(t)) * exp(t),
      accuracy: 1e-15)
  }
}

/// The README's "Networks" example (with fewer steps, so that the debug test is quick).
final class ReadmeNetworkTests: XCTestCase {
  func testTheNetworkExampleTrainsSavesAndNamesLikePyTorch() throws {
    guard (try? FashionMNIST()) != nil else {
      throw XCTSkip("Fashion-MNIST is not installed (apt-get install dataset-fashion-mnist)")
    }
    var rng = SeededRandomNumberGenerator(seed: 0)
    let mlp = Compose(
      Flatten(),
      Linear(inputSize: 784, outputSize: 100, using: &rng), ReLU(), Dropout(probability: 0.1),
      Linear(inputSize: 100, outputSize: 10, using: &rng))
    XCTAssertEqual(mlp.leafPaths.map(\.name), ["1.weight", "1.bias", "4.weight", "4.bias"])

    let data = try FashionMNIST()
    let batches = randomMinibatches(
      data.trainImages, oneHot(data.trainLabels, classes: 10),
      batchSize: 128, using: &rng)
    let objective = SupervisedObjective(loss: softmaxCrossEntropy, data: batches)
    let steps = 20
    let trained = withTrainingMode(seed: 1) {
      last(
        GradientDescent(stepSize: 0.1).iterations(from: mlp, minimizing: objective).prefix(
          steps + 1))!
    }.solution
    let url = FileManager.default.temporaryDirectory.appendingPathComponent(
      "readme-mlp-\(ProcessInfo.processInfo.processIdentifier).safetensors")
    defer { try? FileManager.default.removeItem(at: url) }
    try trained.save(to: url)

    var reloaded = mlp
    try reloaded.load(from: url)
    XCTAssertEqual(reloaded.flattened(), trained.flattened())
    let before = softmaxCrossEntropy(
      logits: mlp(data.testImages[0..<500]),
      labels: oneHot(Array(data.testLabels[0..<500]), classes: 10))
    let after = softmaxCrossEntropy(
      logits: trained(data.testImages[0..<500]),
      labels: oneHot(Array(data.testLabels[0..<500]), classes: 10))
    XCTAssertLessThan(after.scalar, before.scalar, "20 steps of SGD lower the test loss")
  }
}
