// Random initial weights, scaled so that signals keep their size through a deep network.

extension Tensor {
  /// Samples from the Glorot (Xavier) uniform distribution, `U(−a, a)` with
  /// `a = √(6 / (fanIn + fanOut))`, so the variance is `2 / (fanIn + fanOut)`.
  ///
  /// The fans come from the shape, as in PyTorch's `xavier_uniform_`: for a matrix
  /// `[out, in]`, `fanIn = in` and `fanOut = out`; for a convolution filter
  /// `[out, in, k₁, k₂, …]`, both are multiplied by the receptive field `k₁·k₂·…`.
  /// Reference: X. Glorot and Y. Bengio, "Understanding the difficulty of training deep
  /// feedforward neural networks", AISTATS 2010.
  ///
  /// ```swift
  /// var generator = SeededRandomNumberGenerator(seed: 0)
  /// let w = Tensor<Float>.glorotUniform(shape: [100, 50], using: &generator)
  /// // Every element lies in [-0.2, 0.2): a = √(6 / 150) = 0.2.
  /// ```
  ///
  /// - Parameters:
  ///   - shape: The shape, `[out, in]` or `[out, in, k₁, k₂, …]`.
  ///   - generator: The source of randomness.
  /// - Precondition: `shape` has at least two dimensions and no zero dimension.
  public static func glorotUniform(
    shape: [Int], using generator: inout some RandomNumberGenerator
  ) -> Tensor {
    let (fanIn, fanOut) = fans(of: shape, in: "glorotUniform")
    let bound = Scalar.sqrt(Scalar(6) / Scalar(fanIn + fanOut))
    return randomUniform(shape: shape, lowerBound: -bound, upperBound: bound, using: &generator)
  }

  /// Samples from the Glorot (Xavier) normal distribution, `N(0, σ²)` with
  /// `σ² = 2 / (fanIn + fanOut)`, as PyTorch's `xavier_normal_` (not truncated).
  ///
  /// The fans come from the shape as in ``glorotUniform(shape:using:)``.
  ///
  /// ```swift
  /// var generator = SeededRandomNumberGenerator(seed: 0)
  /// let w = Tensor<Double>.glorotNormal(shape: [100, 50], using: &generator)
  /// // Standard deviation √(2 / 150) ≈ 0.115.
  /// ```
  ///
  /// - Parameters:
  ///   - shape: The shape, `[out, in]` or `[out, in, k₁, k₂, …]`.
  ///   - generator: The source of randomness.
  /// - Precondition: `shape` has at least two dimensions and no zero dimension.
  public static func glorotNormal(
    shape: [Int], using generator: inout some RandomNumberGenerator
  ) -> Tensor {
    let (fanIn, fanOut) = fans(of: shape, in: "glorotNormal")
    let deviation = Scalar.sqrt(Scalar(2) / Scalar(fanIn + fanOut))
    return randomNormal(shape: shape, standardDeviation: deviation, using: &generator)
  }

  /// `(fanIn, fanOut)` of a weight of shape `[out, in, k₁, k₂, …]`.
  static func fans(of shape: [Int], in function: String) -> (fanIn: Int, fanOut: Int) {
    precondition(
      shape.count >= 2 && shape.allSatisfy { $0 > 0 },
      "\(function): expected a shape [out, in] or [out, in, k₁, k₂, …] with positive "
        + "dimensions, got \(shape)")
    let receptiveField = shape.dropFirst(2).reduce(1, *)
    return (shape[1] * receptiveField, shape[0] * receptiveField)
  }
}
