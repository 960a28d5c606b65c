import Data
import XCTest

final class RandomMinibatchesTests: XCTestCase {
  /// `n` samples: row `i` of x is `[i, i, i]` and y is `i`, so a batch shows which samples it
  /// holds and whether x and y rows stayed together.
  func samples(_ n: Int) -> (Tensor<Double>, Tensor<Double>) {
    let x = Tensor<Double>(
      shape: [n, 3], scalars: (0..<n).flatMap { [Double($0), Double($0), Double($0)] })
    return (x, Tensor((0..<n).map(Double.init)))
  }

  /// The sample indices of a batch, after checking that its x rows match its labels.
  func indices(
    of batch: (Tensor<Double>, Tensor<Double>), file: StaticString = #filePath, line: UInt = #line
  ) -> [Int] {
    let (xBatch, yBatch) = batch
    XCTAssertEqual(xBatch.scalars, yBatch.scalars.flatMap { [$0, $0, $0] }, file: file, line: line)
    return yBatch.scalars.map { Int($0) }
  }

  func testBatchesHoldDistinctSamplesWithTheirLabels() {
    let (x, y) = samples(10)
    var generator = SeededRandomNumberGenerator(seed: 7)
    for batch in randomMinibatches(x, y, batchSize: 4, using: &generator).prefix(500) {
      XCTAssertEqual(batch.0.shape, [4, 3])
      XCTAssertEqual(batch.1.shape, [4])
      let drawn = indices(of: batch)
      XCTAssertEqual(Set(drawn).count, 4, "repeated sample in \(drawn)")
      XCTAssertTrue(drawn.allSatisfy { (0..<10).contains($0) })
    }
  }

  func testAFullBatchIsAPermutation() {
    let (x, y) = samples(6)
    var generator = SeededRandomNumberGenerator(seed: 3)
    let batches = Array(randomMinibatches(x, y, batchSize: 6, using: &generator).prefix(20))
    for batch in batches {
      XCTAssertEqual(indices(of: batch).sorted(), Array(0..<6))
    }
    XCTAssertGreaterThan(Set(batches.map { indices(of: $0) }).count, 1, "the order changes")
  }

  func testTheSameSeedGivesTheSameBatches() {
    let (x, y) = samples(50)
    var first = SeededRandomNumberGenerator(seed: 42)
    var second = SeededRandomNumberGenerator(seed: 42)
    let a = randomMinibatches(x, y, batchSize: 8, using: &first).prefix(20).map { indices(of: $0) }
    let b = randomMinibatches(x, y, batchSize: 8, using: &second).prefix(20).map { indices(of: $0) }
    XCTAssertEqual(a, b)
  }

  func testDifferentSeedsGiveDifferentBatches() {
    let (x, y) = samples(50)
    var first = SeededRandomNumberGenerator(seed: 1)
    var second = SeededRandomNumberGenerator(seed: 2)
    let a = randomMinibatches(x, y, batchSize: 8, using: &first).prefix(5).map { indices(of: $0) }
    let b = randomMinibatches(x, y, batchSize: 8, using: &second).prefix(5).map { indices(of: $0) }
    XCTAssertNotEqual(a, b)
  }

  func testTheSequenceRepeatsAndTheCallersGeneratorMovesOn() {
    let (x, y) = samples(50)
    var generator = SeededRandomNumberGenerator(seed: 5)
    let batches = randomMinibatches(x, y, batchSize: 8, using: &generator)
    let again = randomMinibatches(x, y, batchSize: 8, using: &generator)
    let first = batches.prefix(5).map { indices(of: $0) }
    XCTAssertEqual(batches.prefix(5).map { indices(of: $0) }, first, "iterating again repeats")
    XCTAssertNotEqual(again.prefix(5).map { indices(of: $0) }, first, "a second call differs")
  }

  func testEverySampleIsDrawnEquallyOften() {
    // 12,000 batches of 3 out of 10: each sample is drawn with probability 0.3 per batch, so
    // 3,600 times on average, with a standard deviation of about 50.
    let (x, y) = samples(10)
    var generator = SeededRandomNumberGenerator(seed: 11)
    var counts = [Int](repeating: 0, count: 10)
    var firstPositions = [Int](repeating: 0, count: 10)
    for batch in randomMinibatches(x, y, batchSize: 3, using: &generator).prefix(12_000) {
      let drawn = batch.1.scalars.map { Int($0) }
      for index in drawn { counts[index] += 1 }
      firstPositions[drawn[0]] += 1
    }
    for count in counts {
      XCTAssertEqual(Double(count), 3_600, accuracy: 250, "counts \(counts)")
    }
    // Each sample is also equally likely to come first (1,200 times, deviation about 33).
    for count in firstPositions {
      XCTAssertEqual(Double(count), 1_200, accuracy: 170, "first positions \(firstPositions)")
    }
  }

  func testLaterAxesAreKept() {
    let x = Tensor<Float>(shape: [3, 2, 2], scalars: (0..<12).map(Float.init))
    let y = Tensor<Float>(shape: [3, 1], scalars: [0, 1, 2])
    var generator = SeededRandomNumberGenerator(seed: 9)
    for (xBatch, yBatch) in randomMinibatches(x, y, batchSize: 2, using: &generator).prefix(10) {
      XCTAssertEqual(xBatch.shape, [2, 2, 2])
      XCTAssertEqual(yBatch.shape, [2, 1])
      let expected = yBatch.scalars.flatMap { i in (0..<4).map { Float(4 * Int(i) + $0) } }
      XCTAssertEqual(xBatch.scalars, expected)
    }
  }

  func testTheDocumentationExample() {
    var generator = SeededRandomNumberGenerator(seed: 42)
    let x = Tensor<Float>(shape: [5, 2], scalars: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
    let y = Tensor<Float>([0, 1, 2, 3, 4])
    let batches = randomMinibatches(x, y, batchSize: 3, using: &generator)
    for (xBatch, yBatch) in batches.prefix(2) {
      XCTAssertEqual(xBatch.shape, [3, 2])
      XCTAssertEqual(Set(yBatch.scalars).count, 3)
      XCTAssertEqual(xBatch.scalars, yBatch.scalars.flatMap { [$0, $0] })
    }
  }
}
