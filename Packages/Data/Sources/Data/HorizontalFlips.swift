// Random horizontal flips: the data augmentation of PyTorch's `RandomHorizontalFlip`, applied to
// every image of a batch independently.

/// `images` with each sample mirrored left to right with probability `probability`, independently
/// of the others: data augmentation for training on images whose classes do not depend on
/// left and right (clothes, animals; not digits or letters).
///
/// A sample is everything at one index of the first axis; the last axis is the width. A flipped
/// sample has every row reversed, in every channel alike; the others are copied as they are.
/// Draw new flips for every batch:
///
/// ```swift
/// var generator = SeededRandomNumberGenerator(seed: 0)
/// let batch = Tensor<Float>(shape: [2, 1, 1, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let flipped = randomHorizontalFlips(of: batch, probability: 1, using: &generator)
/// flipped.scalars   // [3, 2, 1, 6, 5, 4]
/// let augmented = randomMinibatches(images, labels, batchSize: 128, using: &generator)
///   .lazy.map { x, y in (randomHorizontalFlips(of: x, using: &generator), y) }
/// ```
///
/// Differentiable in `images`: the pullback mirrors the same samples of the upstream gradient.
///
/// - Parameters:
///   - images: At least two axes: samples first, width last (`[n, channels, height, width]`).
///   - probability: The chance that a sample is flipped, in `0...1`; PyTorch's default, 0.5.
///   - generator: The source of randomness: one draw per sample (none when `probability` is 1).
/// - Precondition: `images` has at least two axes and `probability` is in `0...1`.
public func randomHorizontalFlips<Scalar: TensorScalar>(
  of images: Tensor<Scalar>, probability: Double = 0.5,
  using generator: inout some RandomNumberGenerator
) -> Tensor<Scalar> {
  precondition(
    images.rank >= 2,
    "randomHorizontalFlips: images need a sample axis first and a width axis last; got shape "
      + "\(images.shape)")
  precondition(
    (0...1).contains(probability),
    "randomHorizontalFlips: probability must be in 0...1, got \(probability)")
  let flips = (0..<images.shape[0]).map { _ in
    probability == 1 || Double.random(in: 0..<1, using: &generator) < probability
  }
  return horizontallyFlipped(images, samples: flips)
}

/// `images` with the samples `samples[i]` is true for mirrored left to right; recorded with itself
/// as its pullback (a flip is its own adjoint).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func horizontallyFlipped<Scalar: TensorScalar>(_ images: Tensor<Scalar>, samples: [Bool])
  -> Tensor<Scalar>
{
  precondition(samples.count == images.shape[0], "horizontallyFlipped: one flag per sample")
  let width = images.shape[images.rank - 1]
  let sampleSize = images.shape[0] == 0 ? 0 : images.scalarCount / images.shape[0]
  let value = Tensor<Scalar>(shape: images.shape) { output in
    images.withUnsafeBufferPointer { input in
      guard let input = input.baseAddress, let output = output.baseAddress, width > 0 else {
        return
      }
      for (sample, flipped) in samples.enumerated() {
        let start = sample * sampleSize
        guard flipped else {
          (output + start).update(from: input + start, count: sampleSize)
          continue
        }
        for row in stride(from: start, to: start + sampleSize, by: width) {
          for column in 0..<width {
            output[row + column] = input[row + width - 1 - column]
          }
        }
      }
    }
  }
  return differentiableOperation(of: images, value: value) { upstream, _, _ in
    horizontallyFlipped(upstream, samples: samples)
  }
}
