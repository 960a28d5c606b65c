import XCTest
import _TestSupport

@testable import Data

final class HorizontalFlipsTests: XCTestCase {
  /// The definition, index by index: a flipped sample's scalar at column c is the original's at
  /// column width − 1 − c of the same row.
  func testFlippedSamplesHaveEveryRowReversedAndTheOthersAreCopied() {
    let images = testTensor([3, 2, 4, 5])
    let flips = [true, false, true]
    let flipped = horizontallyFlipped(images, samples: flips).scalars
    let original = images.scalars
    for sample in 0..<3 {
      for row in 0..<8 {
        for column in 0..<5 {
          let start = sample * 40 + row * 5
          let source = flips[sample] ? 4 - column : column
          XCTAssertEqual(flipped[start + column], original[start + source])
        }
      }
    }
  }

  func testTheDocumentationExample() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    let batch = Tensor<Float>(shape: [2, 1, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
    let flipped = randomHorizontalFlips(of: batch, probability: 1, using: &generator)
    XCTAssertEqual(flipped.shape, [2, 1, 1, 3])
    XCTAssertEqual(flipped.scalars, [3, 2, 1, 6, 5, 4])
    XCTAssertEqual(
      randomHorizontalFlips(of: batch, probability: 0, using: &generator).scalars, batch.scalars)
  }

  /// About the given fraction of samples is flipped, and the same seed draws the same flips.
  func testTheFractionFlippedFollowsTheProbabilityAndTheSeed() {
    let count = 4000
    let images = Tensor<Float>(shape: [count, 2], scalars: (0..<count).flatMap { _ in [0, 1] })
    for probability in [0.25, 0.5, 0.9] {
      var generator = SeededRandomNumberGenerator(seed: 7)
      let flipped = randomHorizontalFlips(of: images, probability: probability, using: &generator)
      let fraction =
        Double(
          stride(from: 0, to: 2 * count, by: 2).count {
            flipped.scalars[$0] == 1
          }) / Double(count)
      // Four standard deviations of a binomial proportion.
      XCTAssertEqual(
        fraction, probability,
        accuracy: 4 * (probability * (1 - probability) / Double(count)).squareRoot())
      var again = SeededRandomNumberGenerator(seed: 7)
      XCTAssertEqual(
        randomHorizontalFlips(of: images, probability: probability, using: &again).scalars,
        flipped.scalars)
    }
  }

  func testEmptyBatchesAndRowsOfOne() {
    var generator = SeededRandomNumberGenerator(seed: 1)
    let empty = Tensor<Float>(shape: [0, 1, 28, 28], scalars: [])
    XCTAssertEqual(randomHorizontalFlips(of: empty, using: &generator).shape, [0, 1, 28, 28])
    let column = Tensor<Float>(shape: [3, 4, 1], scalars: (0..<12).map(Float.init))
    XCTAssertEqual(
      randomHorizontalFlips(of: column, probability: 1, using: &generator).scalars,
      column.scalars)
  }

  func testTheGradientIsTheFlippedUpstreamGradient() {
    let images = testTensor([2, 1, 3, 3])
    let weights = testTensor([2, 1, 3, 3], seed: 2)
    assertGradientIsCorrect(at: images) { x in
      (horizontallyFlipped(x, samples: [false, true]) * weights).sum()
    }
    let gradient = gradient(at: images) { x in
      (horizontallyFlipped(x, samples: [false, true]) * weights).sum()
    }
    XCTAssertEqual(
      gradient.scalars, horizontallyFlipped(weights, samples: [false, true]).scalars)
  }

  func testBadArgumentsStopWithTheReason() {
    var generator = SeededRandomNumberGenerator(seed: 1)
    assertPreconditionFailure(self, containing: "need a sample axis first and a width axis") {
      _ = randomHorizontalFlips(of: Tensor<Float>([1, 2, 3]), using: &generator)
    }
    assertPreconditionFailure(self, containing: "probability must be in 0...1, got 1.5") {
      _ = randomHorizontalFlips(
        of: Tensor<Float>(shape: [1, 2], scalars: [1, 2]), probability: 1.5, using: &generator)
    }
  }
}
