import _WideKernels

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

  /// `tanh x` as `x·P(x²)/Q(x²)`, a rational function of degrees 5 and 4 in `x²` evaluated in
  /// `Double`, for `|x| ≤ 9.1`; beyond 9.01, `tanh x` rounds to `±1` in `Float`.
  ///
  /// The coefficients are a least-squares fit of the relative error on `[0, 9.1]`, reweighted
  /// towards the worst points (Lawson's method; `Scripts/fit-tanh.py` reproduces them), defined
  /// once in `_WideKernels/include/tanh_coefficients.h` for this loop and the AVX2 kernel. The
  /// fit's relative error is below 1.5·10⁻⁹, a fiftieth of a `Float` ulp, so the result is the
  /// correctly rounded one or its neighbour; in `Float` the same evaluation loses up to 6 ulp to
  /// rounding (the terms reach 10³ at `x = 9`). Tiny `x` come out exact (`P(0) = Q(0) = 1`).
  /// Against the former `1 − 2/(e²ˣ + 1)` with a polynomial near zero, both branches computed
  /// in every lane: as many instructions (two `Double` lanes per SSE instruction), no
  /// exponential's long chain of dependent operations, and the small MLP's step 4% faster.
  /// Where the processor has AVX2 and FMA, `tanh` of a tensor runs the same function in C at
  /// four `Double` lanes per instruction instead (``WideKernels``).
  @inline(__always)
  static func tanh(_ x: Float) -> Float {
    let a = Double(Swift.min(x.magnitude, Float(PROTOGRAD_TANH_LIMIT)))  // NaN stays NaN
    let t = a * a
    let (p1, p2, p3) = (PROTOGRAD_TANH_P1, PROTOGRAD_TANH_P2, PROTOGRAD_TANH_P3)
    let (p4, p5) = (PROTOGRAD_TANH_P4, PROTOGRAD_TANH_P5)
    let (q1, q2, q3, q4) = (
      PROTOGRAD_TANH_Q1, PROTOGRAD_TANH_Q2, PROTOGRAD_TANH_Q3, PROTOGRAD_TANH_Q4
    )
    let p = ((((p5 * t + p4) * t + p3) * t + p2) * t + p1) * t + 1
    let q = (((q4 * t + q3) * t + q2) * t + q1) * t + 1
    return Float(signOf: x, magnitudeOf: Swift.min(Float(a * p / q), 1))
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
