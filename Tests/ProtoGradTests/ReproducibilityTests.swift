import Foundation
import ProtoGrad
import XCTest

// SPEC §4: runs are reproducible from a seed. The fashion-mlp example's training, step for step:
// the seed determines the initialization, the minibatches and (through `withTrainingMode(seed:)`)
// the dropout masks, so two runs in one process (the same OpenBLAS thread count) agree bit for
// bit.
//
// The bitwise comparison trains for a whole epoch (468 steps of 128) twice: 17–27 s per epoch
// in a debug build on this project's shared 2-core machines (about 12 s of CPU time);
// `PROTOGRAD_REPRODUCIBILITY_STEPS=N` trains for N steps instead (`Scripts/check-thread-sanitizer`
// sets it, as ThreadSanitizer is slower).

final class ReproducibilityTests: XCTestCase {
  /// The steps of one epoch of the example: 60,000 samples in minibatches of 128.
  static let stepsPerEpoch = 60_000 / 128

  /// The steps trained by the bitwise comparison: one epoch, or `PROTOGRAD_REPRODUCIBILITY_STEPS`.
  static let steps =
    ProcessInfo.processInfo.environment["PROTOGRAD_REPRODUCIBILITY_STEPS"].flatMap { Int($0) }
    ?? stepsPerEpoch

  /// Fashion-MNIST, loaded once for all the tests of the class.
  static let data = Result { () throws(DataLoadingError) in try FashionMNIST() }

  /// The data set, or a skip when it is not installed (any other loading error fails).
  func fashionMNIST() throws -> FashionMNIST {
    switch Self.data {
    case .success(let data):
      return data
    case .failure(let error):
      if case .datasetNotFound = error.problem {
        throw XCTSkip(
          "Fashion-MNIST is not installed (Scripts/install-dependencies --with-dataset): \(error)")
      }
      throw error
    }
  }

  /// The example's model: 784 → 100 → 10 with ReLU and dropout 0.1 (`FashionMLP.makeModel`).
  func makeFashionMLP(using rng: inout some RandomNumberGenerator) -> some Layer<Float> {
    Compose(
      Flatten(),
      Linear(inputSize: 784, outputSize: 100, using: &rng),
      ReLU(),
      Dropout(probability: 0.1),
      Linear(inputSize: 100, outputSize: 10, using: &rng))
  }

  /// The parameters after `steps` steps of the example's training: SGD with step 0.1 on random
  /// minibatches of 128, initialization and batches drawn from `seed`, dropout masks from
  /// `dropoutSeed` (`seed` unless given).
  func trainFashionMLP(
    on data: FashionMNIST, seed: UInt64, dropoutSeed: UInt64? = nil, steps: Int
  ) -> [Float] {
    var rng = SeededRandomNumberGenerator(seed: seed)
    let start = makeFashionMLP(using: &rng)
    let labels = oneHot(data.trainLabels, classes: 10)
    let batches = randomMinibatches(data.trainImages, labels, batchSize: 128, using: &rng)
    let objective = SupervisedObjective(loss: softmaxCrossEntropy, data: batches)
    return withTrainingMode(seed: dropoutSeed ?? seed) {
      let iterations = GradientDescent(stepSize: 0.1).iterations(from: start, minimizing: objective)
      return last(iterations.prefix(steps + 1))!.solution.flattened()
    }
  }

  /// The index of the first element whose bit pattern differs, nil when the arrays are bitwise
  /// equal (an array of 79,510 parameters is too long for an assertion message).
  func firstBitwiseDifference(_ a: [Float], _ b: [Float]) -> Int? {
    guard a.count == b.count else { return min(a.count, b.count) }
    return a.indices.first { a[$0].bitPattern != b[$0].bitPattern }
  }

  func testTheSameSeedGivesBitwiseIdenticalParameters() throws {
    let data = try fashionMNIST()
    var rng = SeededRandomNumberGenerator(seed: 7)
    let start = makeFashionMLP(using: &rng).flattened()
    let first = trainFashionMLP(on: data, seed: 7, steps: Self.steps)
    let second = trainFashionMLP(on: data, seed: 7, steps: Self.steps)
    XCTAssertEqual(first.count, 79_510)
    XCTAssertNotNil(firstBitwiseDifference(first, start), "training changed nothing")
    XCTAssertTrue(first.allSatisfy(\.isFinite))
    let difference = firstBitwiseDifference(first, second)
    XCTAssertNil(
      difference,
      "after \(Self.steps) steps, parameter \(difference ?? 0) is "
        + "\(difference.map { first[$0] } ?? 0) in one run, \(difference.map { second[$0] } ?? 0) "
        + "in the other")
  }

  func testADifferentSeedGivesDifferentParameters() throws {
    let data = try fashionMNIST()
    let first = trainFashionMLP(on: data, seed: 7, steps: 10)
    let second = trainFashionMLP(on: data, seed: 8, steps: 10)
    XCTAssertNotNil(firstBitwiseDifference(first, second))
  }

  /// The same initialization and batches with other dropout masks: the masks come from the seed
  /// of `withTrainingMode`, not from a hidden source, and they change the result.
  func testADifferentDropoutSeedAloneGivesDifferentParameters() throws {
    let data = try fashionMNIST()
    let first = trainFashionMLP(on: data, seed: 7, dropoutSeed: 1, steps: 10)
    let second = trainFashionMLP(on: data, seed: 7, dropoutSeed: 2, steps: 10)
    let again = trainFashionMLP(on: data, seed: 7, dropoutSeed: 1, steps: 10)
    XCTAssertNotNil(firstBitwiseDifference(first, second))
    XCTAssertNil(firstBitwiseDifference(first, again))
  }
}
