import Synchronization

/// A loss coupled with a stream of `(input, target)` batches: a function of the model whose every
/// call draws the next batch and returns `loss(model(input), target)`.
///
/// With an endless stream (``forever(_:)``, random minibatches) this is the stochastic objective
/// of minibatch training, and every gradient sees a new batch:
///
/// ```swift
/// let batches = forever { () -> (Tensor<Double>, Tensor<Double>) in
///   let rows = Array((0..<300).shuffled(using: &rng).prefix(64))
///   return (x.gathering(atIndices: rows, alongAxis: 0), y.gathering(atIndices: rows, alongAxis: 0))
/// }
/// let objective = SupervisedObjective(loss: meanSquaredError, data: batches)
/// let g = gradient(at: model) { objective($0) }
/// ```
///
/// The objective is a reference to one shared position in the stream: copies of it draw from the
/// same stream, and calls from several threads each get a different batch (drawing is locked).
/// A finite stream that runs out stops the program with a message; wrap it in ``forever(_:)`` or
/// use an endless sampler.
public final class SupervisedObjective<Scalar: TensorScalar, Batches: Sequence>:
  @unchecked Sendable
where Batches.Element == (Tensor<Scalar>, Tensor<Scalar>) {
  /// The loss applied to each prediction and its target.
  public let loss: (Tensor<Scalar>, Tensor<Scalar>) -> Tensor<Scalar>
  private let batches: Mutex<BatchStream>

  /// An objective that evaluates `loss(model(x), y)` on the next batch `(x, y)` of `data` at each
  /// call.
  ///
  /// - Parameters:
  ///   - loss: A function of `(predicted, expected)` returning a single-element tensor, e.g.
  ///     ``meanSquaredError(predicted:expected:)`` or a closure.
  ///   - data: The batches, usually an endless sequence.
  public init(
    loss: @escaping (Tensor<Scalar>, Tensor<Scalar>) -> Tensor<Scalar>, data: Batches
  ) {
    self.loss = loss
    self.batches = Mutex(BatchStream(iterator: data.makeIterator()))
  }

  /// Draws the next batch of the stream.
  ///
  /// - Precondition: the stream has another batch.
  public func nextBatch() -> (Tensor<Scalar>, Tensor<Scalar>) {
    batches.withLock { stream in
      guard let batch = stream.iterator.next() else {
        preconditionFailure(
          "SupervisedObjective: the data ran out of batches after \(stream.drawn); give it an "
            + "endless sequence (forever { … } or random minibatches)")
      }
      stream.drawn += 1
      return batch
    }
  }

  /// The loss of `model` on the next batch: `loss(model(x), y)`.
  @inlinable
  public func callAsFunction<M: Layer>(_ model: M) -> Tensor<Scalar> where M.Scalar == Scalar {
    let (input, target) = nextBatch()
    return loss(model(input), target)
  }

  /// This objective as a function of a part of the model, from which `build` makes the whole:
  /// `{ part in self(build(part)) }`. Optimizing the result fine-tunes only the part; everything
  /// `build` captures stays fixed.
  ///
  /// ```swift
  /// let frozenBase = trained.base
  /// let topObjective = objective.composed { (top: Head) in Classifier(base: frozenBase, top: top) }
  /// let newTop = last(Adam().iterations(from: trained.top, minimizing: topObjective).prefix(500))!
  /// ```
  @inlinable
  public func composed<Part, M: Layer>(
    with build: @escaping (Part) -> M
  ) -> (Part) -> Tensor<Scalar> where M.Scalar == Scalar {
    { part in self(build(part)) }
  }

  // The iterator is only touched under the lock.
  private struct BatchStream: @unchecked Sendable {
    var iterator: Batches.Iterator
    var drawn = 0
  }
}

/// The composition of an objective with a builder: `{ part in objective(build(part)) }`, a
/// function of the part that `build` turns into the whole model.
///
/// Minimizing it trains only the part (for fine-tuning the top of a network whose base `build`
/// captures).
public func composing<Part, Whole, Scalar>(
  _ objective: @escaping (Whole) -> Tensor<Scalar>, with build: @escaping (Part) -> Whole
) -> (Part) -> Tensor<Scalar> {
  { part in objective(build(part)) }
}
