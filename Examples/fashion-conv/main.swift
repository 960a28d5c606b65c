// ProtoGrad's convolutional example on Fashion-MNIST: a LeNet-style network (two 5×5 convolutions
// with max pooling, then 256 → 120 → 84 → 10) trained with Adam on minibatches of 128, saved,
// reloaded and evaluated. `fashion-finetune` starts from the file this saves.
//
//   Scripts/run fashion-conv [--epochs 10] [--seed 0] [--data DIR] [--output FILE]

import ArgumentParser
import Foundation
import ProtoGrad
import _ExampleSupport

@main
struct FashionConv: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fashion-conv",
    abstract: "Train a LeNet-style convolutional network on Fashion-MNIST with Adam.")

  @Option(help: "Passes over the training set.")
  var epochs = 10

  @OptionGroup var options: TrainingOptions

  func validate() throws { try TrainingOptions.validate(epochs: epochs) }

  func run() throws {
    let data = try FashionMNIST(directory: options.data)
    var rng = SeededRandomNumberGenerator(seed: options.seed)
    let start = LeNet(using: &rng)
    let labels = oneHot(data.trainLabels, classes: 10)
    let batchSize = 128
    let batches = randomMinibatches(data.trainImages, labels, batchSize: batchSize, using: &rng)
    let objective = SupervisedObjective(loss: softmaxCrossEntropy, data: batches)

    let trained = train(
      start, with: Adam(), minimizing: { objective($0) },
      epochs: epochs, stepsPerEpoch: data.trainLabels.count / batchSize,
      batchSize: batchSize, seed: options.seed)

    let url = options.output ?? URL(fileURLWithPath: "fashion-conv.safetensors")
    let reloaded = try saveAndReload(trained, to: url, into: LeNet(using: &rng))
    let testAccuracy = accuracy(of: reloaded, images: data.testImages, labels: data.testLabels)
    print("test accuracy: \(format(100 * testAccuracy, 2))%")
  }
}
