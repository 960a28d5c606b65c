// Random tensors. Pre-specialized for `Float` and `Double` with the seeded and the system
// generator: reached from generic code (a layer's initializer), the unspecialized loop called the
// generator and `random(in:)` through witness tables for every scalar.

extension Tensor {
  /// A tensor of independent samples from the normal distribution `N(mean, standardDeviation²)`
  /// (Box–Muller transform).
  @_specialize(where Scalar == Float, Generator == SeededRandomNumberGenerator)
  @_specialize(where Scalar == Double, Generator == SeededRandomNumberGenerator)
  @_specialize(where Scalar == Float, Generator == SystemRandomNumberGenerator)
  @_specialize(where Scalar == Double, Generator == SystemRandomNumberGenerator)
  public static func randomNormal<Generator: RandomNumberGenerator>(
    shape: [Int], mean: Scalar = 0, standardDeviation: Scalar = 1,
    using generator: inout Generator
  ) -> Tensor {
    Tensor(shape: shape) { output in
      var i = 0
      while i < output.count {
        // 1 - u lies in (0, 1], so the logarithm is finite.
        let u1 = 1 - Scalar.random(in: 0..<1, using: &generator)
        let u2 = Scalar.random(in: 0..<1, using: &generator)
        let radius = (-2 * Scalar.log(u1)).squareRoot()
        let angle = 2 * Scalar.pi * u2
        output[i] = mean + standardDeviation * radius * Scalar.cos(angle)
        if i + 1 < output.count {
          output[i + 1] = mean + standardDeviation * radius * Scalar.sin(angle)
        }
        i += 2
      }
    }
  }

  /// A tensor of independent samples from the uniform distribution on
  /// `[lowerBound, upperBound)`.
  @_specialize(where Scalar == Float, Generator == SeededRandomNumberGenerator)
  @_specialize(where Scalar == Double, Generator == SeededRandomNumberGenerator)
  @_specialize(where Scalar == Float, Generator == SystemRandomNumberGenerator)
  @_specialize(where Scalar == Double, Generator == SystemRandomNumberGenerator)
  public static func randomUniform<Generator: RandomNumberGenerator>(
    shape: [Int], lowerBound: Scalar = 0, upperBound: Scalar = 1,
    using generator: inout Generator
  ) -> Tensor {
    precondition(
      lowerBound < upperBound,
      "randomUniform: lowerBound \(lowerBound) must be less than upperBound \(upperBound)")
    return Tensor(shape: shape) { output in
      for i in 0..<output.count {
        output[i] = Scalar.random(in: lowerBound..<upperBound, using: &generator)
      }
    }
  }
}
