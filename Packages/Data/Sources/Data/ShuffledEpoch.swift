// One pass over a data set in a random order: the usual "epoch" of PyTorch's DataLoader with
// shuffle=True, or Flux's DataLoader with shuffle=true.

/// A finite sequence of minibatches `(x, y)` that together hold every sample once, in a random
/// order fixed when the sequence was made.
///
/// Made by ``shuffledEpoch(_:_:batchSize:droppingPartialBatch:using:)``. Iterating the same
/// sequence again repeats the same batches; draw a new epoch for a new order.
public struct ShuffledEpoch<Scalar: TensorScalar>: Sequence {
  /// The inputs, samples along the first axis.
  public let x: Tensor<Scalar>
  /// The targets, samples along the first axis.
  public let y: Tensor<Scalar>
  /// The number of samples in every batch but possibly the last.
  public let batchSize: Int
  /// The sample indices in the order the batches take them (with a dropped partial batch's
  /// indices left out).
  public let order: [Int]

  /// Iterates over the batches of the epoch.
  public struct Iterator: IteratorProtocol {
    let epoch: ShuffledEpoch
    var start = 0

    /// The next batch, or `nil` once every sample in ``ShuffledEpoch/order`` was returned.
    public mutating func next() -> (Tensor<Scalar>, Tensor<Scalar>)? {
      guard start < epoch.order.count else { return nil }
      let end = Swift.min(start + epoch.batchSize, epoch.order.count)
      let indices = Array(epoch.order[start..<end])
      start = end
      return (
        epoch.x.gathering(atIndices: indices, alongAxis: 0),
        epoch.y.gathering(atIndices: indices, alongAxis: 0)
      )
    }
  }

  /// Starts at the first batch.
  public func makeIterator() -> Iterator { Iterator(epoch: self) }

  /// The number of batches.
  public var count: Int { (order.count + batchSize - 1) / batchSize }

  /// The number of batches: the sequence's exact length.
  public var underestimatedCount: Int { count }
}

/// One epoch: the samples of `(x, y)` in a fresh random order, cut into batches of `batchSize`.
///
/// Every sample appears in exactly one batch. When `batchSize` does not divide the number of
/// samples `n`, the last batch holds the remaining `n % batchSize` samples, or, with
/// `droppingPartialBatch`, is left out (those samples then skip this epoch; the next epoch's new
/// order leaves out others), so that every batch has the same size. Row `k` of a batch's `x`
/// and row `k` of its `y` are the same sample. The order is drawn now, with a Fisher–Yates
/// shuffle from `generator`: the same generator state gives the same epoch.
///
/// ```swift
/// var generator = SeededRandomNumberGenerator(seed: 42)
/// let x = Tensor<Float>(shape: [5, 2], scalars: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
/// let y = Tensor<Float>([0, 1, 2, 3, 4])
/// for epoch in 1...2 {
///   for (xBatch, yBatch) in shuffledEpoch(x, y, batchSize: 2, using: &generator) {
///     print(epoch, xBatch.shape, yBatch.scalars)
///   }
/// }
/// // Each epoch: batches of 2, 2 and 1 samples, together 0, 1, 2, 3 and 4 once each.
/// shuffledEpoch(x, y, batchSize: 2, droppingPartialBatch: true, using: &generator).count   // 2
/// ```
///
/// - Parameters:
///   - x: The inputs, one sample per index of the first axis.
///   - y: The targets, as many samples as `x`.
///   - batchSize: The number of samples in a batch, at most the number of samples.
///   - droppingPartialBatch: Whether to leave out a last batch smaller than `batchSize`.
///     The default, `false`, keeps it.
///   - generator: The source of randomness for the order.
/// - Returns: The finite sequence of batches `(xBatch, yBatch)`.
/// - Precondition: `x` and `y` have the same first dimension `n`, and `0 < batchSize ≤ n`.
/// - Complexity: O(`n`) now, then O(`batchSize` × sample size) per batch.
public func shuffledEpoch<Scalar>(
  _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, batchSize: Int, droppingPartialBatch: Bool = false,
  using generator: inout some RandomNumberGenerator
) -> ShuffledEpoch<Scalar> {
  let count = sampleCount(x, y, batchSize: batchSize, in: "shuffledEpoch")
  var order = Array(0..<count)
  order.shuffle(using: &generator)
  if droppingPartialBatch {
    order.removeLast(count % batchSize)
  }
  return ShuffledEpoch(x: x, y: y, batchSize: batchSize, order: order)
}
