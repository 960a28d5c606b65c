// Inverted dropout: zero random elements, scale the others so the expected value is unchanged.
//
// The op always drops; whether a network is training (and so applies it) is decided by the
// `Dropout` layer.

/// Sets each element of `x` to 0 with probability `p` and multiplies the others by `1 / (1 − p)`
/// (inverted dropout, like PyTorch's `dropout` in training): `yᵢ = mᵢ·xᵢ / (1 − p)`, where the
/// `mᵢ` are independent Bernoulli(1 − p) draws, so `E[yᵢ] = xᵢ`.
///
/// The mask is drawn once, in the forward pass, and the gradient uses it:
/// `∂L/∂xᵢ = gᵢ·mᵢ / (1 − p)`. One 64-bit draw from `generator` seeds a
/// ``SeededRandomNumberGenerator`` that draws the mask, one number per element in row-major
/// order: the same generator state gives the same mask, for `Float` and `Double` alike, and a
/// slow generator (`SystemRandomNumberGenerator`) is called once, not once per element. With
/// `p = 0` the result is `x` and nothing is drawn.
/// Reference: Srivastava et al., "Dropout: a simple way to prevent neural networks from
/// overfitting", JMLR 15, 2014.
///
/// ```swift
/// var generator = SeededRandomNumberGenerator(seed: 42)
/// let y = dropout(Tensor<Float>.ones(shape: [1000]), probability: 0.25, using: &generator)
/// // About 250 zeros; every other element is 1 / 0.75 = 1.3333334.
/// ```
///
/// - Parameters:
///   - x: The input.
///   - probability: `p`, the probability that an element is zeroed.
///   - generator: The source of randomness.
/// - Precondition: `0 ≤ probability < 1`.
public func dropout<Scalar>(
  _ x: Tensor<Scalar>, probability: Double, using generator: inout some RandomNumberGenerator
) -> Tensor<Scalar> {
  precondition(
    probability >= 0 && probability < 1,
    "dropout: probability must be in [0, 1), got \(probability)")
  if probability == 0 { return x }
  var stream = SeededRandomNumberGenerator(seed: generator.next())
  let mask = Tensor<Scalar>(shape: x.shape) { mask in
    DropoutKernels.mask(
      into: mask.baseAddress!, count: mask.count, probability: probability, using: &stream)
  }
  let value = x.withUnsafeBufferPointer { input in
    mask.withUnsafeBufferPointer { mask in
      Tensor<Scalar>(shape: x.shape) { output in
        DropoutKernels.multiply(
          input.baseAddress!, mask.baseAddress!, into: output.baseAddress!, count: output.count)
      }
    }
  }
  return differentiableOperation(of: x, value: value) { g, _, _ in g * mask }
}

enum DropoutKernels {
  /// Writes `count` independent scalars, each 0 with probability `probability` and
  /// `1 / (1 − probability)` otherwise.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func mask<Scalar: TensorScalar>(
    into mask: UnsafeMutablePointer<Scalar>, count: Int, probability: Double,
    using generator: inout SeededRandomNumberGenerator
  ) {
    // Keep an element when the top 53 bits of its draw, a uniform integer below 2⁵³, reach
    // p·2⁵³: probability 1 − p up to the rounding of p to a multiple of 2⁻⁵³.
    let threshold = UInt64((probability * 0x1p53).rounded())
    let scale = Scalar(1 / (1 - probability))
    for i in 0..<count { mask[i] = generator.next() >> 11 >= threshold ? scale : 0 }
  }

  /// `output[i] = x[i] · mask[i]`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func multiply<Scalar: TensorScalar>(
    _ x: UnsafePointer<Scalar>, _ mask: UnsafePointer<Scalar>,
    into output: UnsafeMutablePointer<Scalar>, count: Int
  ) {
    for i in 0..<count { output[i] = x[i] * mask[i] }
  }
}
