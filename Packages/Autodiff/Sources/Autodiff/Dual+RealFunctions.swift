import RealModule

extension Dual: RealFunctions, Real {
  /// The angle of the point `(x, y)`; derivative `(x·y′ − y·x′)/(x² + y²)`.
  ///
  /// ```swift
  /// Dual<Double>.atan2(y: .variable(1), x: 1).derivative  // 0.5
  /// ```
  @inlinable
  public static func atan2(y: Dual, x: Dual) -> Dual {
    let radiusSquared = x.value * x.value + y.value * y.value
    return Dual(
      Value.atan2(y: y.value, x: x.value),
      derivative: (x.value * y.derivative - y.value * x.derivative) / radiusSquared)
  }

  /// The error function; derivative `(2/√π)·e^(−a²)·a′`.
  ///
  /// ```swift
  /// Dual<Double>.erf(.variable(0)).derivative  // 1.1283791670955126 (2/√π)
  /// ```
  @inlinable
  public static func erf(_ x: Dual) -> Dual {
    Dual(Value.erf(x.value), derivative: gaussianSlope(x.value) * x.derivative)
  }

  /// The complementary error function `1 − erf(a)`; derivative `−(2/√π)·e^(−a²)·a′`.
  ///
  /// ```swift
  /// Dual<Double>.erfc(.variable(0)).derivative  // -1.1283791670955126
  /// ```
  @inlinable
  public static func erfc(_ x: Dual) -> Dual {
    Dual(Value.erfc(x.value), derivative: -gaussianSlope(x.value) * x.derivative)
  }

  /// `(2/√π)·e^(−a²)`, the derivative of `erf`.
  @inlinable
  static func gaussianSlope(_ a: Value) -> Value {
    2 / Value.sqrt(.pi) * Value.exp(-a * a)
  }

  /// `2ᵃ`; derivative `2ᵃ·log 2·a′`.
  ///
  /// ```swift
  /// Dual<Double>.exp2(.variable(3)).derivative  // 5.545177444479562 (8·log 2)
  /// ```
  @inlinable
  public static func exp2(_ x: Dual) -> Dual {
    let result = Value.exp2(x.value)
    return Dual(result, derivative: result * Value.log(2) * x.derivative)
  }

  /// `10ᵃ`; derivative `10ᵃ·log 10·a′`.
  ///
  /// ```swift
  /// Dual<Double>.exp10(.variable(1)).derivative  // 23.02585092994046 (10·log 10)
  /// ```
  @inlinable
  public static func exp10(_ x: Dual) -> Dual {
    let result = Value.exp10(x.value)
    return Dual(result, derivative: result * Value.log(10) * x.derivative)
  }

  /// `√(x² + y²)` without undue overflow; derivative `(x·x′ + y·y′)/√(x² + y²)`.
  ///
  /// Not differentiable at the origin, where the derivative is NaN.
  ///
  /// ```swift
  /// Dual<Double>.hypot(.variable(3), 4).derivative  // 0.6
  /// ```
  @inlinable
  public static func hypot(_ x: Dual, _ y: Dual) -> Dual {
    let result = Value.hypot(x.value, y.value)
    return Dual(
      result,
      derivative: x.value / result * x.derivative + y.value / result * y.derivative)
  }

  /// The gamma function; derivative `Γ(a)·ψ(a)·a′`, with ψ the digamma function.
  ///
  /// ψ is not elementary. It is computed in `Value` by the recurrence `ψ(a) = ψ(a + 1) − 1/a`,
  /// the reflection `ψ(1 − a) − ψ(a) = π·cot(πa)` and the asymptotic series, accurate to a
  /// few ulps away from its zero near 1.4616 (see `digamma(_:)`). Being built from `Value`'s
  /// arithmetic, it is itself differentiable, so nested duals give Γ″ too.
  ///
  /// ```swift
  /// Dual<Double>.gamma(.variable(1)).derivative  // ≈ -0.57721566490153 (−γ)
  /// ```
  @inlinable
  public static func gamma(_ x: Dual) -> Dual {
    let result = Value.gamma(x.value)
    return Dual(result, derivative: result * digamma(x.value) * x.derivative)
  }

  /// The base-2 logarithm; derivative `a′/(a·log 2)`.
  ///
  /// ```swift
  /// Dual<Double>.log2(.variable(1)).derivative  // 1.4426950408889634 (1/log 2)
  /// ```
  @inlinable
  public static func log2(_ x: Dual) -> Dual {
    Dual(Value.log2(x.value), derivative: x.derivative / (x.value * Value.log(2)))
  }

  /// The base-10 logarithm; derivative `a′/(a·log 10)`.
  ///
  /// ```swift
  /// Dual<Double>.log10(.variable(1)).derivative  // 0.43429448190325176 (1/log 10)
  /// ```
  @inlinable
  public static func log10(_ x: Dual) -> Dual {
    Dual(Value.log10(x.value), derivative: x.derivative / (x.value * Value.log(10)))
  }

  /// `log|Γ(a)|`; derivative `ψ(a)·a′` (see ``gamma(_:)`` for how ψ is computed).
  ///
  /// ```swift
  /// Dual<Double>.logGamma(.variable(2)).derivative  // ≈ 0.42278433509847 (1 − γ)
  /// ```
  @inlinable
  public static func logGamma(_ x: Dual) -> Dual {
    Dual(Value.logGamma(x.value), derivative: digamma(x.value) * x.derivative)
  }

  /// The sign of `Γ(a)`, a constant on each interval between poles.
  ///
  /// ```swift
  /// Dual<Double>.signGamma(.variable(-0.5))  // .minus
  /// ```
  @inlinable
  public static func signGamma(_ x: Dual) -> FloatingPointSign {
    Value.signGamma(x.value)
  }
}

/// The digamma function `ψ(x) = Γ′(x)/Γ(x)`, generic so that it differentiates through duals.
///
/// Reflection `ψ(x) = ψ(1 − x) − π/tan(πx)` moves `x < ½` to the right half-line, the
/// recurrence `ψ(x) = ψ(x + 1) − 1/x` moves it to `x ≥ 10`, and there the asymptotic series
///
///     ψ(x) ≈ log x − 1/(2x) − Σₖ₌₁⁸ B₂ₖ/(2k·x²ᵏ)
///
/// has a truncation error below 2·10⁻¹⁸·ψ(x). Poles (`x` a non-positive integer) give NaN.
/// Reference: Abramowitz and Stegun, *Handbook of Mathematical Functions*, 6.3.5, 6.3.7, 6.3.18.
@usableFromInline
func digamma<T: Real>(_ x: T) -> T {
  if x.isNaN || (x <= 0 && x == x.rounded(.down)) { return .nan }
  if x == .infinity { return .infinity }
  var x = x
  var result: T = 0
  if x < T(1) / 2 {
    result -= T.pi / T.tan(T.pi * x)
    x = 1 - x
  }
  while x < 10 {
    result -= 1 / x
    x += 1
  }
  // B₂ₖ/(2k) for k = 8, 7, …, 1, evaluated by Horner's rule in z = 1/x².
  let coefficients: [T] = [
    T(-3617) / 8160, T(1) / 12, T(-691) / 32760, T(1) / 132,
    T(-1) / 240, T(1) / 252, T(-1) / 120, T(1) / 12,
  ]
  let z = 1 / (x * x)
  var series: T = 0
  for coefficient in coefficients {
    series = series * z + coefficient
  }
  return result + T.log(x) - 1 / (2 * x) - series * z
}
