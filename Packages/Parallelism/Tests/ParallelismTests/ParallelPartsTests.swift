import Synchronization
import XCTest

@_spi(Kernels) @testable import Parallelism

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

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

  /// The caller returns only once slow parts (longer than it polls before sleeping) are done.
  func testReturnsOnlyAfterSlowParts() {
    for parts in 2...6 {
      let done = UnsafeMutableBufferPointer<Int>.allocate(capacity: parts)
      done.initialize(repeating: 0)
      defer { done.deallocate() }
      let shared = UncheckedSendable(done)
      forEachPart(of: parts, parts: parts) { part, _ in
        usleep(UInt32(1_000 * (part % 3 + 1)))
        shared.value[part] += 1
      }
      XCTAssertEqual(Array(done), Array(repeating: 1, count: parts))
    }
  }

  /// Jobs that arrive while the worker is about to sleep, or just after.
  func testJobsAroundThePollingPeriod() {
    for job in 0..<200 {
      usleep(UInt32(800 + (job * 37) % 500))
      let total = Atomic<Int>(0)
      forEachPart(of: 1000, parts: 2) { _, range in total.add(range.count, ordering: .relaxed) }
      XCTAssertEqual(total.load(ordering: .relaxed), 1000)
    }
  }

  /// At most `KernelThreads.count` parts run at once, whatever it was set to before the call.
  func testAtMostCountPartsAtATime() {
    let saved = KernelThreads.count
    defer { KernelThreads.setCount(saved) }
    for job in 0..<200 {
      let threads = 1 + job % 4
      KernelThreads.setCount(threads)
      let running = Atomic<Int>(0)
      let peak = Atomic<Int>(0)
      let total = Atomic<Int>(0)
      forEachPart(of: 64, parts: 8) { _, range in
        let now = running.add(1, ordering: .relaxed).newValue
        peak.max(now, ordering: .relaxed)
        for _ in 0..<2_000 { _ = running.load(ordering: .relaxed) }
        total.add(range.count, ordering: .relaxed)
        running.subtract(1, ordering: .relaxed)
      }
      XCTAssertEqual(total.load(ordering: .relaxed), 64)
      XCTAssertLessThanOrEqual(peak.load(ordering: .relaxed), threads)
    }
  }

  #if os(Linux)
  /// A long job wakes a sleeping worker: its parts run on two threads, not all on the caller.
  func testASleepingWorkerTakesPartInALongJob() throws {
    try XCTSkipIf(KernelThreads.processors < 2, "one processor: the pool has no worker")
    let saved = KernelThreads.count
    defer { KernelThreads.setCount(saved) }
    KernelThreads.setCount(2)
    usleep(10_000)  // the workers sleep
    let caller = pthread_self()
    let elsewhere = Atomic<Int>(0)
    forEachPart(of: 2, parts: 2) { _, _ in
      if pthread_equal(pthread_self(), caller) == 0 { elsewhere.add(1, ordering: .relaxed) }
      usleep(30_000)
    }
    XCTAssertEqual(elsewhere.load(ordering: .relaxed), 1)
  }

  /// The passive wait policy (`PROTOGRAD_WAIT_POLICY=passive`): workers and caller park at once,
  /// and every job still runs each part once, on both threads when its parts are long.
  func testAPassivePoolParksAndStillRunsEveryPartOnce() {
    let pool = SpinningWorkers(workers: 1, polling: WaitPolicy.passive.polling)
    for job in 0..<500 {
      let parts = 1 + job % 5
      let total = Atomic<Int>(0)
      XCTAssertTrue(
        pool.run(parts: parts, threads: 2) { _ in total.add(1, ordering: .relaxed) })
      XCTAssertEqual(total.load(ordering: .relaxed), parts)
    }
    let caller = pthread_self()
    let elsewhere = Atomic<Int>(0)
    XCTAssertTrue(
      pool.run(parts: 2, threads: 2) { _ in
        if pthread_equal(pthread_self(), caller) == 0 { elsewhere.add(1, ordering: .relaxed) }
        usleep(20_000)
      })
    XCTAssertEqual(elsewhere.load(ordering: .relaxed), 1)
  }

  /// `PROTOGRAD_WAIT_POLICY`'s values: unset and `active` poll, `passive` (in any case) parks at
  /// once, anything else keeps `active` with a warning that names the value and the choices.
  func testTheWaitPolicyFromTheEnvironment() {
    XCTAssertTrue(WaitPolicy.parse(nil) == (.active, nil))
    XCTAssertTrue(WaitPolicy.parse("active") == (.active, nil))
    XCTAssertTrue(WaitPolicy.parse("Passive") == (.passive, nil))
    let (policy, warning) = WaitPolicy.parse("sometimes")
    XCTAssertEqual(policy, .active)
    XCTAssertTrue(warning?.contains("\"sometimes\"") == true, warning ?? "no warning")
    XCTAssertTrue(warning?.contains("\"passive\"") == true, warning ?? "no warning")
    XCTAssertEqual(WaitPolicy.passive.polling.workerSeconds, 0)
    XCTAssertEqual(WaitPolicy.passive.polling.callerSeconds, 0)
    XCTAssertGreaterThan(WaitPolicy.active.polling.workerSeconds, 0)
  }
  #endif

  func testOneThreadRunsThePartsInOrder() {
    let saved = KernelThreads.count
    KernelThreads.setCount(1)
    defer { KernelThreads.setCount(saved) }
    var order: [Int] = []
    forEachPart(of: 10, parts: 5) { part, _ in order.append(part) }
    XCTAssertEqual(order, [0, 1, 2, 3, 4])
  }
}
