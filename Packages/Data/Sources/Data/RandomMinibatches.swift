// Random minibatches as ProtoGrad.jl draws them: every batch is a fresh sample without
// replacement, independent of the batches before it (there are no epochs).

/// An infinite sequence of random minibatches `(x, y)`: each batch holds `batchSize` distinct
/// samples drawn uniformly at random, the same rows of `x` and of `y`.
///
/// Made by ``randomMinibatches(_:_:batchSize:using:)``. The sequence owns its random number
/// generator: every iteration of the same sequence yields the same batches.
public struct RandomMinibatches<Scalar: TensorScalar>: Sequence {
  /// The inputs, samples along the first axis.
  public let x: Tensor<Scalar>
  /// The targets, samples along the first axis.
  public let y: Tensor<Scalar>
  /// The number of samples in every batch.
  public let batchSize: Int
  /// The generator in the state every iteration starts from.
  let generator: SeededRandomNumberGenerator

  /// Iterates over the batches; never ends.
  public struct Iterator: IteratorProtocol {
    let x: Tensor<Scalar>
    let y: Tensor<Scalar>
    let batchSize: Int
    var generator: SeededRandomNumberGenerator
    /// A permutation of the sample indices whose first `batchSize` entries are the next batch.
    var permutation: [Int]

    /// The next batch: the rows of `x` and of `y` at `batchSize` distinct random indices.
    public mutating func next() -> (Tensor<Scalar>, Tensor<Scalar>)? {
      // A partial Fisher–Yates shuffle: entry k is swapped with a uniformly chosen entry at or
      // after k, so the first batchSize entries are a uniform sample without replacement of
      // whatever permutation the array held before (the previous batch's leftovers do not bias
      // it), in O(batchSize).
      let count = permutation.count
      for k in 0..<batchSize {
        permutation.swapAt(k, Int.random(in: k..<count, using: &generator))
      }
      let indices = Array(permutation[..<batchSize])
      return (
        x.gathering(atIndices: indices, alongAxis: 0), y.gathering(atIndices: indices, alongAxis: 0)
      )
    }
  }

  /// Starts the batches from the generator state the sequence was made with.
  public func makeIterator() -> Iterator {
    Iterator(
      x: x, y: y, batchSize: batchSize, generator: generator, permutation: Array(0..<x.shape[0]))
  }

  /// 0: the sequence is infinite, so nothing should count on its length.
  public var underestimatedCount: Int { 0 }
}

/// An infinite sequence of random minibatches of `(x, y)`, each `batchSize` distinct samples
/// drawn uniformly without replacement; the batches are independent of each other.
///
/// This is how ProtoGrad.jl samples a stochastic objective: each batch is a fresh draw, so a
/// sample may appear in consecutive batches and there is no notion of an epoch (for that, see
/// ``shuffledEpoch(_:_:batchSize:droppingPartialBatch:using:)``). Row `k` of a batch's `x` and
/// row `k` of its `y` are the same sample. One 64-bit draw from `generator` seeds the
/// ``SeededRandomNumberGenerator`` the sequence keeps: the same generator state gives the same
/// batches, `generator` moves on (so a second call gives other batches), and iterating the
/// returned sequence again repeats its batches.
///
/// ```swift
/// var generator = SeededRandomNumberGenerator(seed: 42)
/// let x = Tensor<Float>(shape: [5, 2], scalars: [0, 0, 1, 1, 2, 2, 3, 3, 4, 4])
/// let y = Tensor<Float>([0, 1, 2, 3, 4])
/// let batches = randomMinibatches(x, y, batchSize: 3, using: &generator)
/// for (xBatch, yBatch) in batches.prefix(2) {
///   print(xBatch.shape, yBatch.scalars)   // [3, 2] and 3 distinct labels, such as [4.0, 0.0, 2.0]
/// }
/// // Row k of xBatch is [yBatch[k], yBatch[k]]: rows and labels stay together.
/// ```
///
/// - Parameters:
///   - x: The inputs, one sample per index of the first axis.
///   - y: The targets, as many samples as `x`.
///   - batchSize: The number of samples in a batch, at most the number of samples.
///   - generator: The source of randomness; one number is drawn from it.
/// - Returns: The infinite sequence of batches `(xBatch, yBatch)`, each with `batchSize` rows.
/// - Precondition: `x` and `y` have the same first dimension `n`, and `0 < batchSize ≤ n`.
/// - Complexity: O(`n`) to start an iteration, then O(`batchSize` × sample size) per batch.
public func randomMinibatches<Scalar>(
  _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, batchSize: Int,
  using generator: inout some RandomNumberGenerator
) -> RandomMinibatches<Scalar> {
  _ = sampleCount(x, y, batchSize: batchSize, in: "randomMinibatches")
  return RandomMinibatches(
    x: x, y: y, batchSize: batchSize,
    generator: SeededRandomNumberGenerator(seed: generator.next()))
}
