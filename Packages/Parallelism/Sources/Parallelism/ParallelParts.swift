// Work split into parts that run in parallel, at most `KernelThreads.count` at a time: on Linux
// on our own polling workers (`SpinningWorkers.swift`), elsewhere, and for a call made while
// those are busy, on Dispatch's pool (see `KernelThreads.swift` for the thread policy).

import Dispatch

/// Calls `body` in parallel on `parts` contiguous ranges that split `0..<count`, numbered from 0,
/// at most ``KernelThreads/count`` at a time.
///
/// The ranges depend only on `count` and `parts`, so work split this way (and sums over the
/// parts, taken in order) comes out the same from run to run.
@_spi(Kernels)
public func forEachPart(
  of count: Int, parts: Int, _ body: (_ part: Int, _ range: Range<Int>) -> Void
) {
  @Sendable func range(_ part: Int) -> Range<Int> {
    part * count / parts..<(part + 1) * count / parts
  }
  let threads = Swift.min(parts, KernelThreads.count)
  guard threads > 1 else {
    for part in 0..<parts { body(part, range(part)) }
    return
  }
  #if os(Linux)
  if SpinningWorkers.shared.run(parts: parts, threads: threads, { body($0, range($0)) }) { return }
  #endif
  withoutActuallyEscaping(body) { body in
    // The parts read shared inputs and write disjoint memory.
    let body = UncheckedSendable(body)
    guard threads < KernelThreads.processors else {
      // Dispatch runs at most one part per core at a time, and hands the next part to whichever
      // thread is free: on a shared machine, a thread that is descheduled holds up no others.
      return DispatchQueue.concurrentPerform(iterations: parts) { part in
        body.value(part, range(part))
      }
    }
    // Fewer threads than cores: thread `t` runs parts t, t + threads, …
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
      for part in stride(from: thread, to: parts, by: threads) { body.value(part, range(part)) }
    }
  }
}

/// A value handed to parallel code that is known to use it safely.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

/// Calls `body` on contiguous ranges that split `0..<count`, in parallel when each of at least
/// two parts gets `minimumPerPart` elements (by default 2¹⁶, enough for an elementwise loop to
/// pay for waking a thread), at most 8 parts; else on `0..<count` directly.
///
/// For loops whose elements are independent, so that their results do not depend on the split.
@_spi(Kernels)
public func forEachSlice(
  of count: Int, minimumPerPart: Int = 1 << 16, _ body: (_ range: Range<Int>) -> Void
) {
  let parts = Swift.min(count / Swift.max(1, minimumPerPart), 8)
  guard parts >= 2 else { return body(0..<count) }
  forEachPart(of: count, parts: parts) { _, range in body(range) }
}
