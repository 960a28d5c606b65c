import RealModule

/// A dual number: a value together with its derivative, for forward-mode differentiation.
///
/// A dual number is `a + b·ε` with `ε² = 0`. Evaluating a function on `x + 1·ε` gives
/// `f(x) + f′(x)·ε`, because the Taylor series stops after the linear term:
///
///     f(a + b·ε) = f(a) + f′(a)·b·ε
///
/// `Dual` conforms to swift-numerics' `Real`, so numeric code written once for any
/// `T: Real` differentiates unchanged when called with `T == Dual<Double>`.
///
/// Because `Value` only has to be `Real`, and `Dual` is itself `Real`, duals nest:
/// `Dual<Dual<Double>>` carries second derivatives. The nesting levels are distinct types, so
/// a constant from an outer level must be converted explicitly (`Dual(x)`), which rules out
/// the "perturbation confusion" of untyped nested forward mode.
///
/// ```swift
/// let x = Dual<Double>.variable(3)       // 3 + 1ε
/// let y = x * x + 2 * x                  // 15 + 8ε
/// print(y.value, y.derivative)           // 15.0 8.0
/// ```
public struct Dual<Value: Real> {
  /// The primal value `a` of `a + b·ε`.
  ///
  /// ```swift
  /// Dual<Double>(2, derivative: 5).value  // 2.0
  /// ```
  public var value: Value

  /// The tangent `b` of `a + b·ε`: the derivative of ``value`` along the seeded direction.
  ///
  /// ```swift
  /// Dual<Double>(2, derivative: 5).derivative  // 5.0
  /// ```
  public var derivative: Value

  /// Creates the dual number `value + derivative·ε`.
  ///
  /// With the default `derivative` of zero, the result is a constant: its derivative with
  /// respect to anything is zero.
  ///
  /// - Parameters:
  ///   - value: The primal value `a`.
  ///   - derivative: The tangent `b`; zero by default.
  ///
  /// ```swift
  /// let c = Dual<Double>(4)                 // 4 + 0ε, a constant
  /// let x = Dual<Double>(4, derivative: 1)  // 4 + 1ε, a variable
  /// ```
  @inlinable
  public init(_ value: Value, derivative: Value = 0) {
    self.value = value
    self.derivative = derivative
  }

  /// The independent variable at `value`: `value + 1·ε`.
  ///
  /// Seeding the derivative with one makes every result's derivative `d/dx` of that result.
  ///
  /// - Parameter value: The point at which to differentiate.
  ///
  /// ```swift
  /// let x = Dual<Double>.variable(2)
  /// (x * x * x).derivative  // 12.0, since d/dx x³ = 3x²
  /// ```
  @inlinable
  public static func variable(_ value: Value) -> Dual {
    Dual(value, derivative: 1)
  }
}

extension Dual: Sendable where Value: Sendable {}
