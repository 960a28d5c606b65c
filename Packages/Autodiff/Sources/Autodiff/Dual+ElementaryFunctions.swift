import RealModule

// Every function applies the chain rule f(a + a′ε) = f(a) + f′(a)·a′ε, with f′ written in
// the form that is most accurate in floating point (factored differences of squares, `hypot`
// instead of √(1 + a²), the already computed f(a) reused where f′ is a function of it).

extension Dual: ElementaryFunctions {
  /// The exponential: `exp(a + a′ε) = eᵃ + eᵃ·a′ε`.
  ///
  /// ```swift
  /// Dual<Double>.exp(.variable(0)).derivative  // 1.0
  /// ```
  @inlinable
  public static func exp(_ x: Dual) -> Dual {
    let result = Value.exp(x.value)
    return Dual(result, derivative: result * x.derivative)
  }

  /// `eᵃ − 1`, accurate near zero; derivative `eᵃ·a′`.
  ///
  /// ```swift
  /// Dual<Double>.expMinusOne(.variable(0)).derivative  // 1.0
  /// ```
  @inlinable
  public static func expMinusOne(_ x: Dual) -> Dual {
    Dual(Value.expMinusOne(x.value), derivative: Value.exp(x.value) * x.derivative)
  }

  /// The hyperbolic cosine; derivative `sinh(a)·a′`.
  ///
  /// ```swift
  /// Dual<Double>.cosh(.variable(0)).derivative  // 0.0
  /// ```
  @inlinable
  public static func cosh(_ x: Dual) -> Dual {
    Dual(Value.cosh(x.value), derivative: Value.sinh(x.value) * x.derivative)
  }

  /// The hyperbolic sine; derivative `cosh(a)·a′`.
  ///
  /// ```swift
  /// Dual<Double>.sinh(.variable(0)).derivative  // 1.0
  /// ```
  @inlinable
  public static func sinh(_ x: Dual) -> Dual {
    Dual(Value.sinh(x.value), derivative: Value.cosh(x.value) * x.derivative)
  }

  /// The hyperbolic tangent; derivative `(1 − tanh²a)·a′`.
  ///
  /// ```swift
  /// Dual<Double>.tanh(.variable(0)).derivative  // 1.0
  /// ```
  @inlinable
  public static func tanh(_ x: Dual) -> Dual {
    let result = Value.tanh(x.value)
    return Dual(result, derivative: (1 - result) * (1 + result) * x.derivative)
  }

  /// The cosine; derivative `−sin(a)·a′`.
  ///
  /// ```swift
  /// Dual<Double>.cos(.variable(0)).derivative  // -0.0
  /// ```
  @inlinable
  public static func cos(_ x: Dual) -> Dual {
    Dual(Value.cos(x.value), derivative: -Value.sin(x.value) * x.derivative)
  }

  /// The sine; derivative `cos(a)·a′`.
  ///
  /// ```swift
  /// Dual<Double>.sin(.variable(0)).derivative  // 1.0
  /// ```
  @inlinable
  public static func sin(_ x: Dual) -> Dual {
    Dual(Value.sin(x.value), derivative: Value.cos(x.value) * x.derivative)
  }

  /// The tangent; derivative `(1 + tan²a)·a′`.
  ///
  /// ```swift
  /// Dual<Double>.tan(.variable(0)).derivative  // 1.0
  /// ```
  @inlinable
  public static func tan(_ x: Dual) -> Dual {
    let result = Value.tan(x.value)
    return Dual(result, derivative: (1 + result * result) * x.derivative)
  }

  /// The natural logarithm; derivative `a′/a`.
  ///
  /// ```swift
  /// Dual<Double>.log(.variable(2)).derivative  // 0.5
  /// ```
  @inlinable
  public static func log(_ x: Dual) -> Dual {
    Dual(Value.log(x.value), derivative: x.derivative / x.value)
  }

  /// `log(1 + a)`, accurate near zero; derivative `a′/(1 + a)`.
  ///
  /// ```swift
  /// Dual<Double>.log(onePlus: .variable(1)).derivative  // 0.5
  /// ```
  @inlinable
  public static func log(onePlus x: Dual) -> Dual {
    Dual(Value.log(onePlus: x.value), derivative: x.derivative / (1 + x.value))
  }

  /// The inverse hyperbolic cosine, `a ≥ 1`; derivative `a′/(√(a − 1)·√(a + 1))`.
  ///
  /// ```swift
  /// Dual<Double>.acosh(.variable(2)).derivative  // 0.5773502691896258 (1/√3)
  /// ```
  @inlinable
  public static func acosh(_ x: Dual) -> Dual {
    let slope = 1 / (Value.sqrt(x.value - 1) * Value.sqrt(x.value + 1))
    return Dual(Value.acosh(x.value), derivative: slope * x.derivative)
  }

  /// The inverse hyperbolic sine; derivative `a′/√(1 + a²)`, via `hypot` to avoid overflow.
  ///
  /// ```swift
  /// Dual<Double>.asinh(.variable(0)).derivative  // 1.0
  /// ```
  @inlinable
  public static func asinh(_ x: Dual) -> Dual {
    Dual(Value.asinh(x.value), derivative: x.derivative / Value.hypot(1, x.value))
  }

  /// The inverse hyperbolic tangent, `|a| < 1`; derivative `a′/((1 − a)(1 + a))`.
  ///
  /// ```swift
  /// Dual<Double>.atanh(.variable(0.5)).derivative  // 1.3333333333333333
  /// ```
  @inlinable
  public static func atanh(_ x: Dual) -> Dual {
    let slope = 1 / ((1 - x.value) * (1 + x.value))
    return Dual(Value.atanh(x.value), derivative: slope * x.derivative)
  }

  /// The inverse cosine, `|a| ≤ 1`; derivative `−a′/√((1 − a)(1 + a))`.
  ///
  /// ```swift
  /// Dual<Double>.acos(.variable(0)).derivative  // -1.0
  /// ```
  @inlinable
  public static func acos(_ x: Dual) -> Dual {
    let slope = -1 / Value.sqrt((1 - x.value) * (1 + x.value))
    return Dual(Value.acos(x.value), derivative: slope * x.derivative)
  }

  /// The inverse sine, `|a| ≤ 1`; derivative `a′/√((1 − a)(1 + a))`.
  ///
  /// ```swift
  /// Dual<Double>.asin(.variable(0)).derivative  // 1.0
  /// ```
  @inlinable
  public static func asin(_ x: Dual) -> Dual {
    let slope = 1 / Value.sqrt((1 - x.value) * (1 + x.value))
    return Dual(Value.asin(x.value), derivative: slope * x.derivative)
  }

  /// The inverse tangent; derivative `a′/(1 + a²)`.
  ///
  /// ```swift
  /// Dual<Double>.atan(.variable(1)).derivative  // 0.5
  /// ```
  @inlinable
  public static func atan(_ x: Dual) -> Dual {
    Dual(Value.atan(x.value), derivative: x.derivative / (1 + x.value * x.value))
  }

  /// `xʸ` for `x ≥ 0` (swift-numerics' convention: NaN for negative `x`).
  ///
  ///     ∂/∂x xʸ = y·xʸ/x,    ∂/∂y xʸ = xʸ·log x
  ///
  /// At `x = 0`, the boundary of the domain, the one-sided limits from `x > 0` are used:
  /// `∂/∂y = 0`, and `∂/∂x` is `0`, `1` or `+∞` for `y > 1`, `y = 1`, `y < 1`.
  ///
  /// ```swift
  /// Dual<Double>.pow(.variable(2), 3).derivative  // 12.0
  /// Dual<Double>.pow(2, .variable(3)).derivative  // 5.545177444479562 (8·log 2)
  /// ```
  @inlinable
  public static func pow(_ x: Dual, _ y: Dual) -> Dual {
    let result = Value.pow(x.value, y.value)
    guard !x.value.isZero else {
      let slope: Value = y.value > 1 ? 0 : y.value == 1 ? 1 : .infinity
      return Dual(result, derivative: slope * x.derivative)
    }
    let slopeX = y.value * result / x.value
    let slopeY = result * Value.log(x.value)
    return Dual(result, derivative: slopeX * x.derivative + slopeY * y.derivative)
  }

  /// `xⁿ` for an integer `n` and any real `x`; derivative `n·xⁿ⁻¹·x′`.
  ///
  /// ```swift
  /// Dual<Double>.pow(.variable(-2), 3).derivative  // 12.0
  /// ```
  @inlinable
  public static func pow(_ x: Dual, _ n: Int) -> Dual {
    let result = Value.pow(x.value, n)
    guard n != 0 else { return Dual(result) }
    // `n - 1` would overflow for `Int.min`; there xⁿ⁻¹ = xⁿ/x is as good.
    let power = n == .min ? result / x.value : Value.pow(x.value, n - 1)
    return Dual(result, derivative: Value(n) * power * x.derivative)
  }

  /// The square root; derivative `a′/(2√a)` (see ``squareRoot()``).
  ///
  /// ```swift
  /// Dual<Double>.sqrt(.variable(9)).derivative  // 0.16666666666666666
  /// ```
  @inlinable
  public static func sqrt(_ x: Dual) -> Dual {
    x.squareRoot()
  }

  /// The real `n`th root `ⁿ√a` (negative `a` allowed for odd `n`); derivative `ⁿ√a/(n·a)·a′`.
  ///
  /// ```swift
  /// Dual<Double>.root(.variable(8), 3).derivative  // 0.08333333333333333 (1/12)
  /// ```
  @inlinable
  public static func root(_ x: Dual, _ n: Int) -> Dual {
    guard n != 1 else { return x }
    let result = Value.root(x.value, n)
    return Dual(result, derivative: result / (Value(n) * x.value) * x.derivative)
  }
}
