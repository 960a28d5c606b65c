/// A fast, seedable random number generator (xoshiro256**), so that runs are reproducible.
///
/// Every random function in ProtoGrad takes its generator as an argument (`using:`); there is no
/// hidden global random state. The same seed gives the same sequence on every platform.
///
/// ```swift
/// var rng = SeededRandomNumberGenerator(seed: 42)
/// let w = Tensor<Float>.randomNormal(shape: [3, 5], using: &rng)
/// ```
///
/// Reference: D. Blackman and S. Vigna, "Scrambled linear pseudorandom number generators",
/// ACM TOMS 47(4), 2021. The state is seeded from `seed` with SplitMix64, as they recommend.
public struct SeededRandomNumberGenerator: RandomNumberGenerator, Sendable {
  @usableFromInline var state: (UInt64, UInt64, UInt64, UInt64)

  /// A generator whose sequence is determined by `seed`.
  public init(seed: UInt64) {
    var splitMix = seed
    func next() -> UInt64 {
      splitMix &+= 0x9E37_79B9_7F4A_7C15
      var z = splitMix
      z = (z ^ (z >> 30)) &* 0xBF58_476D_1CE4_E5B9
      z = (z ^ (z >> 27)) &* 0x94D0_49BB_1331_11EB
      return z ^ (z >> 31)
    }
    state = (next(), next(), next(), next())
  }

  @inlinable
  public mutating func next() -> UInt64 {
    let result = rotateLeft(state.1 &* 5, by: 7) &* 9
    let t = state.1 << 17
    state.2 ^= state.0
    state.3 ^= state.1
    state.1 ^= state.2
    state.0 ^= state.3
    state.2 ^= t
    state.3 = rotateLeft(state.3, by: 45)
    return result
  }

  @inlinable
  func rotateLeft(_ x: UInt64, by k: UInt64) -> UInt64 { (x << k) | (x >> (64 - k)) }
}
