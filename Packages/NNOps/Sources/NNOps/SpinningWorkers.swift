// The threads that run the parallel parts of our kernels on Linux: workers that stay awake,
// polling for the next job, for a while after each one, and sleep only after that.
//
// Dispatch's idle threads sleep at once, so every parallel call woke one with a system call
// (`sem_post`, a few microseconds on the caller's side and ~7 µs before the worker ran, measured
// on the 2-core benchmark machine), and a training step makes 2 (the MLP) to 20 (LeNet) such
// calls. A worker polling a counter starts a job in under a microsecond.

#if os(Linux)
import Dispatch
import Glibc
import Synchronization

/// A pool of `processors − 1` worker threads; the calling thread is always one of a job's
/// participants. One job runs at a time: a call made while another runs (from a second thread
/// of the user's, or from inside a part) reports `false`, and the caller runs its parts some
/// other way.
///
/// A job offers seats to the workers; a worker that takes one runs parts until none are left and
/// then leaves, and the caller returns only when every seated worker has left, so no worker ever
/// touches a job that is over. Workers that were too slow to take a seat (asleep, descheduled)
/// find none left: the caller has run their parts itself.
final class SpinningWorkers: @unchecked Sendable {
  /// The pool, started on first use.
  static let shared = SpinningWorkers(workers: KernelThreads.processors - 1)

  /// How long an idle worker polls for the next job before it sleeps: long enough to span the
  /// serial stretches of a training step, short enough to leave the cores idle within a
  /// millisecond of the last job.
  static let pollingSeconds = 0.001

  private let workers: [Worker]
  /// Set while a job runs.
  private let busy = Atomic<Bool>(false)
  /// The job's body and part count, written before its seats are opened.
  private var body: ((Int) -> Void)?
  private var parts = 0
  /// Seats still open to workers, the next part to hand out, the parts done, and the workers
  /// that took a seat and left.
  private let seats = Atomic<Int>(0)
  private let next = Atomic<Int>(0)
  private let finished = Atomic<Int>(0)
  private let departed = Atomic<Int>(0)
  /// Raised once per job: what polling and sleeping workers watch.
  private let generation = Atomic<Int>(0)

  private init(workers count: Int) {
    workers = (0..<Swift.max(0, count)).map { _ in Worker() }
    for worker in workers {
      startThread { [unowned self] in self.serve(worker) }
    }
  }

  /// Runs `body(part)` for every part in `0..<parts`, on the calling thread and up to
  /// `threads − 1` workers; returns once all are done. Returns `false` without running anything
  /// when another job is running.
  func run(parts: Int, threads: Int, _ body: (Int) -> Void) -> Bool {
    guard busy.compareExchange(expected: false, desired: true, ordering: .acquiring).exchanged
    else { return false }
    defer { busy.store(false, ordering: .releasing) }
    withoutActuallyEscaping(body) { body in
      self.body = body
      self.parts = parts
      next.store(0, ordering: .relaxed)
      finished.store(0, ordering: .relaxed)
      departed.store(0, ordering: .relaxed)
      let offered = Swift.max(0, Swift.min(threads - 1, workers.count, parts - 1))
      seats.store(offered, ordering: .releasing)
      generation.add(1, ordering: .sequentiallyConsistent)
      for worker in workers.prefix(offered) { worker.wakeIfSleeping() }
      work()
      Self.wait { self.finished.load(ordering: .acquiring) == parts }
      let seated = offered - seats.exchange(0, ordering: .acquiringAndReleasing)
      Self.wait { self.departed.load(ordering: .acquiring) == seated }
      self.body = nil
    }
    return true
  }

  /// Takes parts of the current job until none are left.
  private func work() {
    while true {
      let part = next.add(1, ordering: .relaxed).oldValue
      guard part < parts else { return }
      body!(part)
      finished.add(1, ordering: .releasing)
    }
  }

  /// A worker's life: poll for a new job, take a seat in it if one is left, sleep when no job
  /// came for ``pollingSeconds``.
  private func serve(_ worker: Worker) {
    var seen = 0
    while true {
      var current = generation.load(ordering: .acquiring)
      if current == seen {
        let deadline = Self.now() + Self.pollingSeconds
        var polls = 0
        while current == seen {
          polls &+= 1
          if polls & 255 == 0 {
            if Self.now() > deadline {
              worker.sleep { self.generation.load(ordering: .sequentiallyConsistent) != seen }
            } else {
              sched_yield()
            }
          }
          current = generation.load(ordering: .acquiring)
        }
      }
      seen = current
      if takeSeat() {
        work()
        departed.add(1, ordering: .releasing)
      }
    }
  }

  private func takeSeat() -> Bool {
    var open = seats.load(ordering: .acquiring)
    while open > 0 {
      let (exchanged, original) = seats.compareExchange(
        expected: open, desired: open - 1, ordering: .acquiring)
      if exchanged { return true }
      open = original
    }
    return false
  }

  /// Polls `done` until it holds, yielding the processor now and then (a worker it waits for
  /// may have been descheduled).
  private static func wait(until done: () -> Bool) {
    var polls = 0
    while !done() {
      polls &+= 1
      if polls & 255 == 0 { sched_yield() }
    }
  }

  private static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }
}

/// A worker's sleep: a semaphore, and a flag that says it waits on it (or is about to).
private final class Worker: @unchecked Sendable {
  private let sleeping = Atomic<Bool>(false)
  private let wakeUp = DispatchSemaphore(value: 0)

  /// Sleeps until ``wakeIfSleeping()``, unless `hasWork` turns true after the flag is set.
  func sleep(unless hasWork: () -> Bool) {
    sleeping.store(true, ordering: .sequentiallyConsistent)
    // A job raised before the flag was set is seen here; one raised after it sees the flag.
    if hasWork(), sleeping.exchange(false, ordering: .sequentiallyConsistent) { return }
    wakeUp.wait()
  }

  /// Wakes the worker if it sleeps (or is about to); the caller has raised the job counter.
  func wakeIfSleeping() {
    if sleeping.exchange(false, ordering: .sequentiallyConsistent) { wakeUp.signal() }
  }
}

/// Starts a detached thread running `body`.
private func startThread(_ body: @escaping @Sendable () -> Void) {
  final class Box {
    let body: @Sendable () -> Void
    init(_ body: @escaping @Sendable () -> Void) { self.body = body }
  }
  let context = Unmanaged.passRetained(Box(body)).toOpaque()
  var thread = pthread_t()
  let status = pthread_create(
    &thread, nil,
    { context in
      let box = Unmanaged<Box>.fromOpaque(context!).takeRetainedValue()
      box.body()
      return nil
    }, context)
  precondition(status == 0, "NNOps: could not start a kernel thread (pthread_create: \(status))")
  pthread_detach(thread)
}
#endif
