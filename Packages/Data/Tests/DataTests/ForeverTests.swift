import Data
import XCTest

final class ForeverTests: XCTestCase {
  func testTheDocumentationExample() {
    var count = 0
    let counting = forever { () -> Int in
      count += 1
      return count
    }
    XCTAssertEqual(Array(counting.prefix(3)), [1, 2, 3])
  }

  func testTheClosureIsCalledOncePerElementTakenAndOnlyThen() {
    var calls = 0
    let sequence = forever { () -> String in
      calls += 1
      return "element \(calls)"
    }
    XCTAssertEqual(calls, 0, "making the sequence calls nothing")
    var iterator = sequence.makeIterator()
    XCTAssertEqual(iterator.next(), "element 1")
    XCTAssertEqual(iterator.next(), "element 2")
    XCTAssertEqual(calls, 2)
    let five = Array(sequence.prefix(5))
    XCTAssertEqual(five.count, 5)
    XCTAssertEqual(calls, 7)
  }

  func testItNeverEnds() {
    var iterator = forever { 0 }.makeIterator()
    for _ in 0..<10_000 {
      XCTAssertNotNil(iterator.next())
    }
  }

  func testBatchesOfTensors() {
    var generator = SeededRandomNumberGenerator(seed: 1)
    let x = Tensor<Double>(shape: [4, 2], scalars: [0, 0, 1, 1, 2, 2, 3, 3])
    let batches = forever { () -> (Tensor<Double>, Tensor<Double>) in
      let indices = Array((0..<4).shuffled(using: &generator).prefix(2))
      return (x.gathering(atIndices: indices, alongAxis: 0), Tensor(indices.map(Double.init)))
    }
    for (xBatch, yBatch) in batches.prefix(3) {
      XCTAssertEqual(xBatch.shape, [2, 2])
      XCTAssertEqual(xBatch.scalars, yBatch.scalars.flatMap { [$0, $0] })
    }
  }
}
