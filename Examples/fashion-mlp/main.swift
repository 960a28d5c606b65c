// ProtoGrad's MLP example on Fashion-MNIST: 784 → 100 → 10 with ReLU and dropout 0.1, trained by
// stochastic gradient descent (step 0.1, minibatches of 128), saved, reloaded and evaluated.
//
//   Scripts/run fashion-mlp [--epochs 40] [--seed 0] [--data DIR] [--output FILE]

import ArgumentParser
import Foundation
import ProtoGrad
import _ExampleSupport

@main
struct FashionMLP: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fashion-mlp",
    abstract: "Train a 784-100-10 MLP on Fashion-MNIST with SGD and report its test accuracy.")

  @Option(help: "Passes over the training set.")
  var epochs = 40

  @OptionGroup var options: TrainingOptions

  func validate() throws { try TrainingOptions.validate(epochs: epochs) }

  /// The network: flatten the 28×28 image, one hidden layer of 100 ReLUs, dropout, 10 logits.
  static func makeModel(using rng: inout some RandomNumberGenerator) -> some Layer<Float> {
    Compose(
      Flatten(),
      Linear(inputSize: 784, outputSize: 100, using: &rng),
      ReLU(),
      Dropout(probability: 0.1),
      Linear(inputSize: 100, outputSize: 10, using: &rng))
  }

  func run() throws {
    let data = try FashionMNIST(directory: options.data)
    var rng = SeededRandomNumberGenerator(seed: options.seed)
    let start = Self.makeModel(using: &rng)
    let labels = oneHot(data.trainLabels, classes: 10)
    let batchSize = 128
    let batches = randomMinibatches(data.trainImages, labels, batchSize: batchSize, using: &rng)
    let objective = SupervisedObjective(loss: softmaxCrossEntropy, data: batches)

    let trained = train(
      start, with: GradientDescent(stepSize: 0.1), minimizing: { objective($0) },
      epochs: epochs, stepsPerEpoch: data.trainLabels.count / batchSize,
      batchSize: batchSize, seed: options.seed)

    let url = options.output ?? URL(fileURLWithPath: "fashion-mlp.safetensors")
    let reloaded = try saveAndReload(trained, to: url, into: Self.makeModel(using: &rng))
    let testAccuracy = accuracy(of: reloaded, images: data.testImages, labels: data.testLabels)
    print("test accuracy: \(format(100 * testAccuracy, 2))%")
  }
}
