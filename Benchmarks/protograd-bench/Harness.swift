#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A named piece of work whose median time per step is reported.
struct Workload: Sendable {
  let name: String
  /// Floating-point operations per step, when the workload is a kernel measured in GFLOP/s.
  var flops: Double? = nil
  /// Returns the median time of one step, in microseconds.
  let run: @Sendable () -> Double

  init(name: String, flops: Double? = nil, run: @escaping @Sendable () -> Double) {
    self.name = name
    self.flops = flops
    self.run = run
  }
}

struct BenchmarkOptions {
  var filter: String?
  var table = false
  /// Threads for the kernels and OpenBLAS (`KernelThreads`); their default when `nil`.
  var threads: Int?
  /// How long each workload runs before it is timed, at least.
  ///
  /// Two threads of a process started on an idle benchmark machine run a training step at the
  /// speed of one for the first 0.1–0.2 s (the second virtual processor is slow to come up to
  /// speed; one thread shows no such ramp): the MLP's step took ~500 µs there and ~290 µs after.
  /// Our peers' steps are timed after seconds of importing and compiling; ours, without this
  /// warm-up, were timed inside that ramp.
  var warmupSeconds = 0.5

  /// The options this process was started with.
  static let current = BenchmarkOptions(arguments: CommandLine.arguments)

  init(arguments: [String]) {
    var iterator = arguments.dropFirst().makeIterator()
    while let argument = iterator.next() {
      switch argument {
      case "--filter": filter = iterator.next()
      case "--table": table = true
      case "--threads":
        guard let count = iterator.next().flatMap(Int.init), count >= 1 else {
          print("protograd-bench: --threads needs a positive number")
          exit(2)
        }
        threads = count
      case "--warmup":
        guard let seconds = iterator.next().flatMap(Double.init), seconds >= 0, seconds.isFinite
        else {
          print("protograd-bench: --warmup needs a finite number of seconds, 0 or more")
          exit(2)
        }
        warmupSeconds = seconds
      default:
        print(
          "usage: protograd-bench [--filter SUBSTRING] [--threads N] [--warmup SECONDS] [--table]")
        exit(argument == "--help" ? 0 : 2)
      }
    }
  }

  func selects(_ name: String) -> Bool { filter.map { name.contains($0) } ?? true }
}

/// Monotonic time in seconds.
func now() -> Double {
  var time = timespec()
  clock_gettime(CLOCK_MONOTONIC, &time)
  return Double(time.tv_sec) + Double(time.tv_nsec) * 1e-9
}

/// Runs `step` for warm-up (at least `warmup` times and for at least `--warmup` seconds),
/// then times `samples` batches of `stepsPerSample` steps each and returns the median time of one
/// step in microseconds.
func medianStepMicroseconds(
  warmup: Int = 10, samples: Int = 31, stepsPerSample: Int, _ step: () -> Void
) -> Double {
  let warmupEnd = now() + BenchmarkOptions.current.warmupSeconds
  var warmupSteps = 0
  while warmupSteps < warmup || now() < warmupEnd {
    step()
    warmupSteps += 1
  }
  var times: [Double] = []
  for _ in 0..<samples {
    let start = now()
    for _ in 0..<stepsPerSample { step() }
    times.append((now() - start) / Double(stepsPerSample))
  }
  times.sort()
  return times[times.count / 2] * 1e6
}

func rounded(_ value: Double) -> Double { (value * 100).rounded() / 100 }

func printTable(_ results: [(name: String, microseconds: Double)], threads: Int) {
  let width = results.map(\.name.count).max() ?? 0
  print("\n\(threads) thread\(threads == 1 ? "" : "s")")
  print("workload".padding(width) + "  median step (µs)")
  for (name, microseconds) in results {
    print(name.padding(width) + "  \(rounded(microseconds))")
  }
}

extension String {
  func padding(_ width: Int) -> String {
    self + String(repeating: " ", count: max(0, width - count))
  }
}

/// Keeps a value alive and opaque to the optimizer.
@_optimize(none)
func blackHole<T>(_ value: T) {}

/// Returns `value` through a call the optimizer cannot see into, so that loop-invariant work on
/// it is redone on every step.
@_optimize(none)
func opaque<T>(_ value: T) -> T { value }
