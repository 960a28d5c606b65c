// Fine-tuning: load the network `fashion-conv` saved, keep its convolutional features frozen and
// retrain only its classifier, through an objective composed with a model builder. The frozen
// part is checked to be bit-identical afterwards.
//
//   Scripts/run fashion-conv && Scripts/run fashion-finetune [--epochs 2] [--model FILE]

import ArgumentParser
import Foundation
import ProtoGrad
import _ExampleSupport

@main
struct FashionFinetune: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "fashion-finetune",
    abstract: "Retrain the classifier of the saved fashion-conv network, its features frozen.")

  @Option(help: "Passes over the training set.")
  var epochs = 2

  @Option(
    help: "The network saved by fashion-conv.", transform: { URL(fileURLWithPath: $0) })
  var model = URL(fileURLWithPath: "fashion-conv.safetensors")

  @Option(help: "Adam's step size for the classifier.")
  var stepSize: Float = 3e-5

  @OptionGroup var channels: ChannelOptions

  @OptionGroup var options: TrainingOptions

  func validate() throws { try TrainingOptions.validate(epochs: epochs) }

  func run() throws {
    let data = try FashionMNIST(directory: options.data)
    var rng = SeededRandomNumberGenerator(seed: options.seed)
    let filters = try channels.filters()
    var network = LeNet(channels: filters, dropout: 0, using: &rng)
    do {
      try network.load(from: model)
    } catch {
      let advice =
        FileManager.default.fileExists(atPath: model.path)
        ? "Pass the --channels the network was trained with (fashion-conv's --channels)."
        : "Train and save the network first: Scripts/run fashion-conv"
      throw ValidationError("\(error)\n\(advice)")
    }
    let before = accuracy(of: network, images: data.testImages, labels: data.testLabels)
    print("loaded \(model.path): test accuracy \(format(100 * before, 2))%")

    // The objective of the whole network, seen as a function of its classifier alone.
    let labels = oneHot(data.trainLabels, classes: 10)
    let batchSize = 128
    let batches = randomMinibatches(data.trainImages, labels, batchSize: batchSize, using: &rng)
    let objective = SupervisedObjective(loss: softmaxCrossEntropy, data: batches)
    let frozen = network.features
    let ofClassifier = objective.composed { (classifier: LeNet.Classifier) in
      LeNet(features: frozen, classifier: classifier)
    }

    let classifier = train(
      network.classifier, with: Adam(stepSize: stepSize), minimizing: ofClassifier,
      epochs: epochs, stepsPerEpoch: data.trainLabels.count / batchSize,
      batchSize: batchSize, seed: options.seed)
    let tuned = LeNet(features: frozen, classifier: classifier)

    let frozenIsUnchanged =
      tuned.features.flattened().map(\.bitPattern) == network.features.flattened().map(\.bitPattern)
    let classifierChanged = tuned.classifier.flattened() != network.classifier.flattened()
    print("features bit-identical: \(frozenIsUnchanged); classifier changed: \(classifierChanged)")
    let url = options.output ?? URL(fileURLWithPath: "fashion-finetune.safetensors")
    let reloaded = try saveAndReload(tuned, to: url, into: LeNet(channels: filters, using: &rng))
    let after = accuracy(of: reloaded, images: data.testImages, labels: data.testLabels)
    print("test accuracy: \(format(100 * before, 2))% → \(format(100 * after, 2))%")
    guard frozenIsUnchanged && classifierChanged else { throw ExitCode.failure }
  }
}
