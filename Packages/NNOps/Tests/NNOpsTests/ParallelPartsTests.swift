import Synchronization
import XCTest

@testable import NNOps

/// `forEachPart` runs every part exactly once, with its range, before it returns: from one
/// thread, job after job (the workers poll between jobs and sleep after a while); from inside a
/// part; and from several threads at once (one of them gets the workers, the others Dispatch).
final class ParallelPartsTests: XCTestCase {
  /// Runs `forEachPart` and returns how many times each index of `0..<count` was covered (an
  /// index is counted twice if its part was handed a range other than its own).
  private static func coverage(count: Int, parts: Int) -> [Int] {
    let counts = UnsafeMutableBufferPointer<Int>.allocate(capacity: count)
    counts.initialize(repeating: 0)
    defer { counts.deallocate() }
    let shared = UncheckedSendable(counts)
    forEachPart(of: count, parts: parts) { part, range in
      let expected = part * count / parts..<(part + 1) * count / parts
      for i in range { shared.value[i] += range == expected ? 1 : 2 }
    }
    return Array(counts)
  }

  func testEveryPartRunsOnceJobAfterJob() {
    for job in 0..<2_000 {
      let (count, parts) = (1 + job % 97, 1 + job % 9)
      XCTAssertEqual(Self.coverage(count: count, parts: parts), Array(repeating: 1, count: count))
    }
  }

  func testJobsAfterTheWorkersFellAsleep() {
    for _ in 0..<3 {
      usleep(5_000)  // several polling periods: the workers sleep
      XCTAssertEqual(Self.coverage(count: 1000, parts: 4), Array(repeating: 1, count: 1000))
    }
  }

  func testPartsInsidePartsRunOnDispatch() {
    let total = Atomic<Int>(0)
    forEachPart(of: 4, parts: 4) { _, _ in
      forEachPart(of: 100, parts: 5) { _, range in
        total.add(range.count, ordering: .relaxed)
      }
    }
    XCTAssertEqual(total.load(ordering: .relaxed), 400)
  }

  func testCallsFromSeveralThreadsAtOnce() {
    let failures = Atomic<Int>(0)
    DispatchQueue.concurrentPerform(iterations: 4) { _ in
      for job in 0..<300 {
        let count = 50 + job % 50
        if Self.coverage(count: count, parts: 2 + job % 5) != Array(repeating: 1, count: count) {
          failures.add(1, ordering: .relaxed)
        }
      }
    }
    XCTAssertEqual(failures.load(ordering: .relaxed), 0)
  }

  func testOneThreadRunsThePartsInOrder() {
    let saved = KernelThreads.count
    KernelThreads.setCount(1)
    defer { KernelThreads.setCount(saved) }
    var order: [Int] = []
    forEachPart(of: 10, parts: 5) { part, _ in order.append(part) }
    XCTAssertEqual(order, [0, 1, 2, 3, 4])
  }
}
