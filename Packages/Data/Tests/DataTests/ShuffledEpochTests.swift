import Data
import XCTest

final class ShuffledEpochTests: XCTestCase {
  /// `n` samples: row `i` of x is `[i, -i]` and y is `i`.
  func samples(_ n: Int) -> (Tensor<Float>, Tensor<Float>) {
    let x = Tensor<Float>(shape: [n, 2], scalars: (0..<n).flatMap { [Float($0), -Float($0)] })
    return (x, Tensor((0..<n).map(Float.init)))
  }

  /// The sample indices of each batch, after checking that x rows match their labels.
  func batchIndices(
    _ epoch: ShuffledEpoch<Float>, file: StaticString = #filePath, line: UInt = #line
  ) -> [[Int]] {
    epoch.map { xBatch, yBatch in
      XCTAssertEqual(xBatch.scalars, yBatch.scalars.flatMap { [$0, -$0] }, file: file, line: line)
      return yBatch.scalars.map { Int($0) }
    }
  }

  func testEverySampleOnceWithAPartialLastBatch() {
    let (x, y) = samples(10)
    var generator = SeededRandomNumberGenerator(seed: 1)
    let epoch = shuffledEpoch(x, y, batchSize: 4, using: &generator)
    let batches = batchIndices(epoch)
    XCTAssertEqual(batches.map(\.count), [4, 4, 2])
    XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(0..<10))
    XCTAssertEqual(epoch.count, 3)
    XCTAssertEqual(epoch.underestimatedCount, 3)
    XCTAssertNotEqual(batches.flatMap { $0 }, Array(0..<10), "the order is shuffled")
  }

  func testDroppingThePartialBatch() {
    let (x, y) = samples(10)
    var generator = SeededRandomNumberGenerator(seed: 2)
    let epoch = shuffledEpoch(x, y, batchSize: 4, droppingPartialBatch: true, using: &generator)
    let batches = batchIndices(epoch)
    XCTAssertEqual(batches.map(\.count), [4, 4])
    XCTAssertEqual(Set(batches.flatMap { $0 }).count, 8, "8 distinct samples")
    XCTAssertEqual(epoch.count, 2)
    XCTAssertEqual(epoch.order.count, 8)
  }

  func testAnExactDivisionHasNoPartialBatchToDrop() {
    let (x, y) = samples(12)
    var generator = SeededRandomNumberGenerator(seed: 3)
    for dropping in [false, true] {
      let epoch = shuffledEpoch(
        x, y, batchSize: 3, droppingPartialBatch: dropping, using: &generator)
      let batches = batchIndices(epoch)
      XCTAssertEqual(batches.map(\.count), [3, 3, 3, 3])
      XCTAssertEqual(batches.flatMap { $0 }.sorted(), Array(0..<12))
    }
  }

  func testOneBatchOfEverything() {
    let (x, y) = samples(5)
    var generator = SeededRandomNumberGenerator(seed: 4)
    let batches = batchIndices(shuffledEpoch(x, y, batchSize: 5, using: &generator))
    XCTAssertEqual(batches.count, 1)
    XCTAssertEqual(batches[0].sorted(), Array(0..<5))
  }

  func testEachEpochHasANewOrderAndTheSameSeedRepeatsThem() {
    let (x, y) = samples(20)
    var generator = SeededRandomNumberGenerator(seed: 5)
    let first = batchIndices(shuffledEpoch(x, y, batchSize: 6, using: &generator))
    let second = batchIndices(shuffledEpoch(x, y, batchSize: 6, using: &generator))
    XCTAssertNotEqual(first, second)
    var again = SeededRandomNumberGenerator(seed: 5)
    XCTAssertEqual(batchIndices(shuffledEpoch(x, y, batchSize: 6, using: &again)), first)
    XCTAssertEqual(batchIndices(shuffledEpoch(x, y, batchSize: 6, using: &again)), second)
  }

  func testIteratingAnEpochAgainRepeatsIt() {
    let (x, y) = samples(9)
    var generator = SeededRandomNumberGenerator(seed: 6)
    let epoch = shuffledEpoch(x, y, batchSize: 2, using: &generator)
    XCTAssertEqual(batchIndices(epoch), batchIndices(epoch))
  }

  func testTheDocumentationExample() {
    var generator = SeededRandomNumberGenerator(seed: 42)
    let x = Tensor<Float>(shape: [5, 2], scalars: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
    let y = Tensor<Float>([0, 1, 2, 3, 4])
    for _ in 1...2 {
      var seen: [Float] = []
      var sizes: [Int] = []
      for (xBatch, yBatch) in shuffledEpoch(x, y, batchSize: 2, using: &generator) {
        XCTAssertEqual(xBatch.shape, [yBatch.shape[0], 2])
        sizes.append(yBatch.shape[0])
        seen += yBatch.scalars
      }
      XCTAssertEqual(sizes, [2, 2, 1])
      XCTAssertEqual(seen.sorted(), [0, 1, 2, 3, 4])
    }
    XCTAssertEqual(
      shuffledEpoch(x, y, batchSize: 2, droppingPartialBatch: true, using: &generator).count, 2)
  }
}
