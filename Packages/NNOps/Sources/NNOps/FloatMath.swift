/// `exp`, `tanh` and `sigmoid` of `Float` from arithmetic alone (no calls into libm), so that a
/// loop applying them to a buffer vectorizes: about 10× fewer instructions per element than
/// glibc's `expf`/`tanhf` called per scalar. Within 2 ulp of the correctly rounded result on
/// every finite input (checked against libm in `FloatMathTests`); NaN in, NaN out; ±∞ map to their
/// limits.
enum FloatMath {
  /// `eˣ` as `2ⁿ·eʳ` with `n = round(x / ln 2)` and `|r| ≤ ln 2 / 2`.
  @inline(__always)
  static func exp(_ x: Float) -> Float {
    // Beyond these, eˣ is 0 or infinite in Float; the clamp keeps 2ⁿ's exponent in range.
    let clamped = Swift.min(Swift.max(x, -104), 89)
    // Adding 1.5·2²³ rounds to an integer (ties to even) and leaves it in the low mantissa bits.
    let magic: Float = 12_582_912
    let shifted = clamped * 1.442_695_04 + magic
    let n = shifted - magic
    // ln 2 in two parts: n · 0.693359375 is exact for |n| < 2¹⁵.
    let r = (clamped - n * 0.693_359_375) + n * 2.121_944_4e-4
    // The Taylor polynomial of degree 8 in Estrin's scheme: pairs, then pairs of pairs, so that
    // the chain of dependent operations is 9 deep instead of Horner's 16 (a loop over a buffer is
    // bound by that chain's latency, not by the number of operations).
    let r2 = r * r
    let r4 = r2 * r2
    let high = (1 / 24 + r * (1 / 120)) + (1 / 720 + r * (1 / 5_040)) * r2
    // The small terms summed first, 1 last: the rounding of the largest term dominates.
    let p = 1 + (r + ((0.5 + r * (1 / 6)) * r2 + (high + r4 * (1 / 40_320)) * r4))
    // 2ⁿ as two powers of two, each a normal Float, so that subnormal results come out right.
    let integer = Int32(bitPattern: shifted.bitPattern) &- 0x4B40_0000
    let half = integer >> 1
    return p * powerOfTwo(half) * powerOfTwo(integer &- half)
  }

  /// `tanh x`: a Taylor polynomial for `|x| < 0.55` (truncation below 10⁻⁸), `1 − 2/(e²ˣ + 1)`
  /// above, where there is no cancellation.
  @inline(__always)
  static func tanh(_ x: Float) -> Float {
    let a = x.magnitude
    let t = a * a
    // Estrin's scheme, as in `exp`.
    let t2 = t * t
    let t4 = t2 * t2
    let low = (-3.333_333_4e-1 + t * 1.333_333_3e-1) + (-5.396_825_4e-2 + t * 2.186_949e-2) * t2
    let high = (-8.863_235_5e-3 + t * 3.592_128e-3) + (-1.455_834_4e-3 + t * 5.900_274_4e-4) * t2
    let p = low + high * t4
    let small = a + a * (p * t)
    let large = 1 - 2 / (exp(2 * a) + 1)
    return Float(signOf: x, magnitudeOf: a < 0.55 ? small : large)
  }

  /// `1 / (1 + e⁻ˣ)` from `e^(−|x|) ≤ 1`, so that nothing overflows.
  @inline(__always)
  static func sigmoid(_ x: Float) -> Float {
    let e = exp(-x.magnitude)
    let r = 1 / (1 + e)
    return x < 0 ? e * r : r
  }

  /// `2ᵉ` for `-126 ≤ e ≤ 127`, from its bits.
  @inline(__always)
  private static func powerOfTwo(_ exponent: Int32) -> Float {
    Float(bitPattern: UInt32(truncatingIfNeeded: (exponent &+ 127) << 23))
  }
}

/// `eˣ`: ``FloatMath/exp(_:)`` for `Float`, the standard library's otherwise.
@inline(__always)
func exponential<Scalar: TensorScalar>(_ x: Scalar) -> Scalar {
  guard Scalar.self == Float.self else { return .exp(x) }
  return unsafeBitCast(FloatMath.exp(unsafeBitCast(x, to: Float.self)), to: Scalar.self)
}

/// `tanh x`: ``FloatMath/tanh(_:)`` for `Float`, the standard library's otherwise.
@inline(__always)
func hyperbolicTangent<Scalar: TensorScalar>(_ x: Scalar) -> Scalar {
  guard Scalar.self == Float.self else { return .tanh(x) }
  return unsafeBitCast(FloatMath.tanh(unsafeBitCast(x, to: Float.self)), to: Scalar.self)
}
