// Training mode is a task-local value, not a global: it holds inside the scope of
// `withTrainingMode` (and the child tasks started there), so inference running concurrently on
// other tasks or threads is unaffected. It carries the random source of dropout, so a run with a
// seed is reproducible and no global random state exists.

import Synchronization

/// Runs `body` in training mode: ``Dropout`` layers called inside drop, those called outside are
/// the identity.
///
/// The mode is task-local: it holds for code called by `body` and the child tasks it creates,
/// and not for any other task or thread. Dropout draws its masks from a random source made for
/// this scope: seeded with `seed` (the same seed and the same sequence of dropout calls give the
/// same masks), or from `SystemRandomNumberGenerator` when `seed` is nil. Child tasks share the
/// scope's source, so their masks depend on the order in which they run.
///
/// ```swift
/// let dropout = Dropout<Float>(probability: 0.5)
/// let x = Tensor<Float>.ones(shape: [4, 100])
/// dropout(x).scalars == x.scalars                 // true: not training
/// withTrainingMode(seed: 42) { dropout(x) }       // about half zeros, the others 2
/// ```
///
/// - Parameters:
///   - seed: Seeds the random source of dropout in this scope; nil seeds it from the system.
///   - body: The code to run in training mode, typically the computation of a gradient.
/// - Returns: What `body` returns.
public func withTrainingMode<Result>(
  seed: UInt64? = nil, _ body: () throws -> Result
) rethrows -> Result {
  try TrainingMode.$current.withValue(TrainingMode(seed: seed), operation: body)
}

/// Runs the asynchronous `body` in training mode (see `withTrainingMode(seed:_:)`).
///
/// ```swift
/// let training = await withTrainingMode(seed: 1) {
///   await Task.yield()
///   return isTrainingMode
/// }   // true
/// ```
///
/// - Parameters:
///   - seed: Seeds the random source of dropout in this scope; nil seeds it from the system.
///   - isolation: The actor `body` runs on: the caller's.
///   - body: The code to run in training mode.
/// - Returns: What `body` returns.
public func withTrainingMode<Result>(
  seed: UInt64? = nil, isolation: isolated (any Actor)? = #isolation,
  _ body: () async throws -> Result
) async rethrows -> Result {
  try await TrainingMode.$current.withValue(
    TrainingMode(seed: seed), operation: body, isolation: isolation)
}

/// Whether the current task is running inside `withTrainingMode(seed:_:)`.
///
/// ```swift
/// isTrainingMode                              // false
/// withTrainingMode { isTrainingMode }         // true
/// ```
public var isTrainingMode: Bool { TrainingMode.current != nil }

/// The state of one training-mode scope: the random source of its dropout masks.
final class TrainingMode: Sendable {
  /// The scope the current task runs in, nil outside training mode.
  @TaskLocal static var current: TrainingMode?

  /// Locked: the child tasks of a scope share it.
  private let source: Mutex<SeededRandomNumberGenerator>

  init(seed: UInt64?) {
    var system = SystemRandomNumberGenerator()
    source = Mutex(SeededRandomNumberGenerator(seed: seed ?? system.next()))
  }

  /// A generator for one dropout call, seeded by the next draw of the scope's source (so the
  /// lock is held for one draw, not for the whole mask).
  func nextGenerator() -> SeededRandomNumberGenerator {
    SeededRandomNumberGenerator(seed: source.withLock { $0.next() })
  }
}
