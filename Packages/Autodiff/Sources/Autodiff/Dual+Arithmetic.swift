import RealModule

// MARK: - Equality, hashing and order: by value only

/// Dual numbers compare, hash and order by ``Dual/value`` alone; the derivative is ignored.
///
/// Generic code branches on comparisons (`if x < 0`, `max`, `abs`, loop conditions). For a
/// function to differentiate unchanged, the dual evaluation must take the same branch as the
/// plain evaluation at the same point, which holds exactly when comparisons look at the value.
/// The price is that `==` is not substitutability: `x == y` does not imply
/// `x.derivative == y.derivative`. Compare ``Dual/derivative`` explicitly when that matters.
///
///     (a + a′ε) == (b + b′ε)  ⟺  a == b
///     (a + a′ε) <  (b + b′ε)  ⟺  a <  b
///
/// ```swift
/// Dual<Double>(1, derivative: 2) == Dual<Double>(1, derivative: 3)  // true
/// Dual<Double>(1, derivative: 9) < Dual<Double>(2)                  // true
/// ```
extension Dual: Equatable, Hashable, Comparable {
  /// Whether the values are equal; derivatives are ignored (see the extension's discussion).
  ///
  /// ```swift
  /// Dual<Double>(1, derivative: 2) == Dual<Double>(1)  // true
  /// ```
  @inlinable
  public static func == (lhs: Dual, rhs: Dual) -> Bool {
    lhs.value == rhs.value
  }

  /// Whether `lhs.value < rhs.value`; derivatives are ignored.
  ///
  /// ```swift
  /// Dual<Double>(1, derivative: 5) < Dual<Double>(2, derivative: -5)  // true
  /// ```
  @inlinable
  public static func < (lhs: Dual, rhs: Dual) -> Bool {
    lhs.value < rhs.value
  }

  /// Hashes the value only, consistent with `==`.
  ///
  /// ```swift
  /// Set([Dual<Double>(1, derivative: 2), Dual<Double>(1)]).count  // 1
  /// ```
  @inlinable
  public func hash(into hasher: inout Hasher) {
    hasher.combine(value)
  }
}

// MARK: - Literals

extension Dual: ExpressibleByIntegerLiteral {
  /// Creates a constant (derivative zero) from an integer literal.
  ///
  /// ```swift
  /// let two: Dual<Double> = 2  // 2 + 0ε
  /// ```
  @inlinable
  public init(integerLiteral literal: Value.IntegerLiteralType) {
    self.init(Value(integerLiteral: literal))
  }
}

extension Dual: ExpressibleByFloatLiteral where Value: ExpressibleByFloatLiteral {
  /// Creates a constant (derivative zero) from a floating-point literal.
  ///
  /// ```swift
  /// let half: Dual<Double> = 0.5  // 0.5 + 0ε
  /// ```
  @inlinable
  public init(floatLiteral literal: Value.FloatLiteralType) {
    self.init(Value(floatLiteral: literal))
  }
}

// MARK: - Ring operations

extension Dual: AdditiveArithmetic {
  /// The constant zero, `0 + 0ε`.
  ///
  /// ```swift
  /// Dual<Double>.zero.derivative  // 0.0
  /// ```
  @inlinable
  public static var zero: Dual { Dual(0) }

  /// Sum rule: `(a + a′ε) + (b + b′ε) = (a + b) + (a′ + b′)ε`.
  ///
  /// ```swift
  /// (Dual<Double>(1, derivative: 2) + Dual<Double>(3, derivative: 4)).derivative  // 6.0
  /// ```
  @inlinable
  public static func + (lhs: Dual, rhs: Dual) -> Dual {
    Dual(lhs.value + rhs.value, derivative: lhs.derivative + rhs.derivative)
  }

  /// Difference rule: `(a + a′ε) − (b + b′ε) = (a − b) + (a′ − b′)ε`.
  ///
  /// ```swift
  /// (Dual<Double>(1, derivative: 2) - Dual<Double>(3, derivative: 4)).derivative  // -2.0
  /// ```
  @inlinable
  public static func - (lhs: Dual, rhs: Dual) -> Dual {
    Dual(lhs.value - rhs.value, derivative: lhs.derivative - rhs.derivative)
  }
}

extension Dual: Numeric {
  /// Creates a constant from an integer, if `Value` represents it exactly.
  ///
  /// ```swift
  /// Dual<Double>(exactly: 3)?.value  // 3.0
  /// ```
  @inlinable
  public init?<Source: BinaryInteger>(exactly source: Source) {
    guard let value = Value(exactly: source) else { return nil }
    self.init(value)
  }

  /// Product rule: `(a + a′ε)(b + b′ε) = ab + (a′b + ab′)ε`.
  ///
  /// ```swift
  /// let x = Dual<Double>.variable(3)
  /// (x * x).derivative  // 6.0
  /// ```
  @inlinable
  public static func * (lhs: Dual, rhs: Dual) -> Dual {
    Dual(
      lhs.value * rhs.value,
      derivative: lhs.derivative * rhs.value + lhs.value * rhs.derivative)
  }

  /// Multiplies in place by the product rule.
  ///
  /// ```swift
  /// var x = Dual<Double>.variable(3)
  /// x *= x  // 9 + 6ε
  /// ```
  @inlinable
  public static func *= (lhs: inout Dual, rhs: Dual) {
    lhs = lhs * rhs
  }

  /// Absolute value: `|a + a′ε| = |a| + sign(a)·a′ε`.
  ///
  /// Not differentiable at `a = 0`; there the right-hand derivative `a′` is used.
  ///
  /// ```swift
  /// Dual<Double>(-2, derivative: 1).magnitude.derivative  // -1.0
  /// ```
  @inlinable
  public var magnitude: Dual {
    Dual(value.magnitude, derivative: value < 0 ? -derivative : derivative)
  }
}

extension Dual: SignedNumeric {
  /// Negation: `−(a + a′ε) = −a − a′ε`.
  ///
  /// ```swift
  /// (-Dual<Double>(1, derivative: 2)).derivative  // -2.0
  /// ```
  @inlinable
  public static prefix func - (operand: Dual) -> Dual {
    Dual(-operand.value, derivative: -operand.derivative)
  }

  /// Negates in place.
  ///
  /// ```swift
  /// var x = Dual<Double>(1, derivative: 2)
  /// x.negate()  // -1 - 2ε
  /// ```
  @inlinable
  public mutating func negate() {
    self = -self
  }
}

// MARK: - Division

extension Dual: AlgebraicField {
  /// Quotient rule: `(a + a′ε) / (b + b′ε) = a/b + ((a′ − (a/b)·b′) / b)ε`.
  ///
  /// ```swift
  /// let x = Dual<Double>.variable(2)
  /// (1 / x).derivative  // -0.25, since d/dx 1/x = −1/x²
  /// ```
  @inlinable
  public static func / (lhs: Dual, rhs: Dual) -> Dual {
    let quotient = lhs.value / rhs.value
    return Dual(quotient, derivative: (lhs.derivative - quotient * rhs.derivative) / rhs.value)
  }

  /// Divides in place by the quotient rule.
  ///
  /// ```swift
  /// var x = Dual<Double>.variable(2)
  /// x /= 4  // 0.5 + 0.25ε
  /// ```
  @inlinable
  public static func /= (lhs: inout Dual, rhs: Dual) {
    lhs = lhs / rhs
  }

  /// The reciprocal `1/a − (a′/a²)ε`, when `Value` has a usable reciprocal of `a`.
  ///
  /// Follows `Value.reciprocal`: `nil` when `1/a` would not be exact enough to multiply by.
  ///
  /// ```swift
  /// Dual<Double>(4, derivative: 1).reciprocal?.derivative  // -0.0625
  /// ```
  @inlinable
  public var reciprocal: Dual? {
    guard let inverse = value.reciprocal else { return nil }
    return Dual(inverse, derivative: -derivative * inverse * inverse)
  }
}
