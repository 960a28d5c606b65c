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
  /// The pool, started on first use, with the polling of ``WaitPolicy/current``.
  static let shared = SpinningWorkers(
    workers: KernelThreads.processors - 1, polling: WaitPolicy.current.polling)

  /// How long an idle worker polls for the next job before it sleeps (by default 1 ms: long
  /// enough to span the serial stretches of a training step, short enough to leave the cores
  /// idle within a millisecond of the last job), and how long the calling thread polls for the
  /// workers' last parts before it sleeps (by default 50 µs: a part of a balanced job ends within
  /// it, and a worker descheduled mid-part, on a shared machine, gets the caller's core instead of
  /// a caller spinning on it).
  struct Polling {
    var workerSeconds = 0.001
    var callerSeconds = 50e-6
  }

  private let polling: Polling

  private let workers: [Parking]
  /// The calling thread's sleep, when a worker's part outlasts its polling.
  private let caller = Parking()
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

  /// A pool of `count` workers (its own threads, which live as long as the process).
  init(workers count: Int, polling: Polling) {
    self.polling = polling
    workers = (0..<Swift.max(0, count)).map { _ in Parking() }
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
      for worker in workers.prefix(offered) { worker.unpark() }
      work()
      wait { self.finished.load(ordering: .sequentiallyConsistent) == parts }
      let seated = offered - seats.exchange(0, ordering: .acquiringAndReleasing)
      wait { self.departed.load(ordering: .sequentiallyConsistent) == seated }
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
      finished.add(1, ordering: .sequentiallyConsistent)
      caller.unpark()
    }
  }

  /// A worker's life: poll for a new job, take a seat in it if one is left, sleep when it has
  /// had no part of a job for its polling period. (Only taking part restarts the period: with
  /// more cores than a job's seats, the workers left out go to sleep instead of polling through
  /// a whole training.)
  private func serve(_ worker: Parking) {
    var seen = 0
    var deadline = Self.now() + polling.workerSeconds
    while true {
      var current = generation.load(ordering: .acquiring)
      var polls = 0
      while current == seen {
        polls &+= 1
        if polls & 255 == 0 {
          if Self.now() > deadline {
            worker.park { self.generation.load(ordering: .sequentiallyConsistent) != seen }
          } else {
            sched_yield()
          }
        }
        current = generation.load(ordering: .acquiring)
      }
      seen = current
      if takeSeat() {
        work()
        departed.add(1, ordering: .sequentiallyConsistent)
        caller.unpark()
        deadline = Self.now() + polling.workerSeconds
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

  /// Polls `done` on the calling thread until it holds, yielding the processor between polls,
  /// then sleeps until a worker that finishes something wakes it. `done` reads counters with
  /// sequentially consistent loads, which parking needs (see `Parking`).
  private func wait(until done: () -> Bool) {
    let deadline = Self.now() + polling.callerSeconds
    var polls = 0
    while !done() {
      polls &+= 1
      guard polls & 255 == 0 else { continue }
      if Self.now() < deadline { sched_yield() } else { caller.park(unless: done) }
    }
  }

  private static func now() -> Double {
    var time = timespec()
    clock_gettime(CLOCK_MONOTONIC, &time)
    return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
  }
}

/// How ProtoGrad's kernel threads wait for work, from the environment variable
/// `PROTOGRAD_WAIT_POLICY` (read once, when the threads start): `active`, the default, polls for
/// a while before sleeping (the fastest for training); `passive` sleeps at once (a thread woken
/// for every parallel job, as with Dispatch: for machines shared with other work). Named after
/// OpenMP's `OMP_WAIT_POLICY`.
enum WaitPolicy: String {
  case active
  case passive

  /// The policy the environment asks for; `active` (with a warning on standard error) for a value
  /// that is neither.
  static let current: WaitPolicy = {
    let (policy, warning) = parse(getenv("PROTOGRAD_WAIT_POLICY").map { String(cString: $0) })
    if let warning { _ = "\(warning)\n".withCString { write(STDERR_FILENO, $0, strlen($0)) } }
    return policy
  }()

  /// The policy a value of `PROTOGRAD_WAIT_POLICY` names (in any case; `active` when unset), and
  /// the warning to print when it names none.
  static func parse(_ value: String?) -> (policy: WaitPolicy, warning: String?) {
    guard let value else { return (.active, nil) }
    if let policy = WaitPolicy(rawValue: value.lowercased()) { return (policy, nil) }
    return (
      .active,
      "ProtoGrad: PROTOGRAD_WAIT_POLICY is \"\(value)\"; expected \"active\" or \"passive\". "
        + "Using \"active\"."
    )
  }

  var polling: SpinningWorkers.Polling {
    switch self {
    case .active: SpinningWorkers.Polling()
    case .passive: SpinningWorkers.Polling(workerSeconds: 0, callerSeconds: 0)
    }
  }
}

/// Where a thread sleeps (a worker between jobs, the caller waiting for the last parts): a
/// semaphore, and a flag that says the thread waits on it or is about to.
private final class Parking: @unchecked Sendable {
  private let parked = Atomic<Bool>(false)
  private let wakeUp = DispatchSemaphore(value: 0)

  /// Sleeps until ``unpark()``, unless `done` holds once the flag is set.
  ///
  /// The waker makes `done` true, then calls ``unpark()``; both sides use sequentially
  /// consistent operations, so either this check sees the change or the waker sees the flag.
  /// Whichever clears the flag owns the wake-up: if the waker did, this thread consumes its
  /// signal.
  func park(unless done: () -> Bool) {
    parked.store(true, ordering: .sequentiallyConsistent)
    if done(), parked.exchange(false, ordering: .sequentiallyConsistent) { return }
    wakeUp.wait()
  }

  /// Wakes the thread if it is parked (or about to park).
  func unpark() {
    if parked.exchange(false, ordering: .sequentiallyConsistent) { wakeUp.signal() }
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
