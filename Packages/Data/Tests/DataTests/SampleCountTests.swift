import Data
import XCTest
import _TestSupport

final class SampleCountTests: XCTestCase {
  let x = Tensor<Float>.zeros(shape: [5, 3])
  let y = Tensor<Float>.zeros(shape: [5])

  func testABatchLargerThanTheSamplesStops() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    assertPreconditionFailure(
      self, containing: "batchSize 6 is larger than the 5 samples", "at most 5"
    ) {
      _ = randomMinibatches(x, y, batchSize: 6, using: &generator)
    }
    assertPreconditionFailure(self, containing: "shuffledEpoch", "batchSize 6") {
      _ = shuffledEpoch(x, y, batchSize: 6, using: &generator)
    }
  }

  func testDifferentSampleCountsStop() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    assertPreconditionFailure(self, containing: "x has 5 samples", "y has 4", "row i of x") {
      _ = randomMinibatches(x, Tensor<Float>.zeros(shape: [4]), batchSize: 2, using: &generator)
    }
  }

  func testAnEmptyBatchStops() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    assertPreconditionFailure(self, containing: "batchSize must be positive, got 0") {
      _ = shuffledEpoch(x, y, batchSize: 0, using: &generator)
    }
  }

  func testAScalarHasNoSamples() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    assertPreconditionFailure(self, containing: "must have a first axis of samples") {
      _ = randomMinibatches(Tensor<Float>(1), y, batchSize: 1, using: &generator)
    }
  }
}
