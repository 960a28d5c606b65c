// ProtoGrad's convolutional example on Fashion-MNIST: a LeNet-style network (two 5×5 convolutions
// of 16 and 32 filters with max pooling, then 512 → 120 → 84 → 10) trained with Adam on minibatches
// of 128 with a step-size schedule, saved, reloaded and evaluated. `--channels 6,16` gives the
// classic LeNet, which plateaus near 90.5% on Fashion-MNIST here; these widths reach 91%.
// `fashion-finetune` starts from the file this saves.
//
//   Scripts/run fashion-conv [--epochs 20] [--seed 0] [--data DIR] [--output FILE]

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
  var epochs = 20

  @Option(help: "Adam's step size; it is divided by 10 for the last quarter of the epochs.")
  var stepSize = 1e-3

  @Option(help: "Dropout probability before each linear layer of the classifier.")
  var dropout = 0.0

  @OptionGroup var channels: ChannelOptions

  @OptionGroup var options: TrainingOptions

  func validate() throws { try TrainingOptions.validate(epochs: epochs) }

  func run() throws {
    let data = try FashionMNIST(directory: options.data)
    var rng = SeededRandomNumberGenerator(seed: options.seed)
    let filters = try channels.filters()
    let start = LeNet(channels: filters, dropout: dropout, using: &rng)
    let labels = oneHot(data.trainLabels, classes: 10)
    let batchSize = 128
    let batches = randomMinibatches(data.trainImages, labels, batchSize: batchSize, using: &rng)
    let objective = SupervisedObjective(loss: softmaxCrossEntropy, data: batches)

    // A step-size schedule is any sequence: here the step size drops tenfold for the last quarter.
    let stepsPerEpoch = data.trainLabels.count / batchSize
    let decayStep = (3 * epochs * stepsPerEpoch) / 4
    let schedule = (0...).lazy.map { step in step < decayStep ? stepSize : stepSize / 10 }
    let trained = train(
      start, with: Adam(stepSize: StepSize(schedule)), minimizing: { objective($0) },
      epochs: epochs, stepsPerEpoch: stepsPerEpoch, batchSize: batchSize, seed: options.seed)

    let url = options.output ?? URL(fileURLWithPath: "fashion-conv.safetensors")
    let reloaded = try saveAndReload(trained, to: url, into: LeNet(channels: filters, using: &rng))
    let testAccuracy = accuracy(of: reloaded, images: data.testImages, labels: data.testLabels)
    print("test accuracy: \(format(100 * testAccuracy, 2))%")
  }
}
