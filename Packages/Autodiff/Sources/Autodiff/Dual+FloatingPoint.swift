import RealModule

// `FloatingPoint` is required because swift-numerics' `Real` refines it. The rule for each
// requirement: if it is a differentiable function of the value, it carries the chain rule;
// if it is piecewise constant (rounding, `ulp`, `exponent`) or a predicate, it acts on the
// value and its derivative is zero.

extension Dual: Strideable {
  /// The stride is a dual number too, so `advanced(by:)` and `distance(to:)` are differentiable.
  public typealias Stride = Dual

  /// The difference `other − self`, with derivative `other′ − self′`.
  ///
  /// ```swift
  /// Dual<Double>(1).distance(to: Dual(4, derivative: 1)).derivative  // 1.0
  /// ```
  @inlinable
  public func distance(to other: Dual) -> Dual { other - self }

  /// The sum `self + amount`, with derivative `self′ + amount′`.
  ///
  /// ```swift
  /// Dual<Double>.variable(1).advanced(by: 2).value  // 3.0
  /// ```
  @inlinable
  public func advanced(by amount: Dual) -> Dual { self + amount }
}

extension Dual: FloatingPoint {
  /// The exponent type of `Value`.
  public typealias Exponent = Value.Exponent

  // MARK: Initializers

  /// The linear map `(±significand)·radix^exponent`, applied to value and derivative alike.
  ///
  /// ```swift
  /// Dual<Double>(sign: .plus, exponent: 3, significand: .variable(1.5)).derivative  // 8.0
  /// ```
  @inlinable
  public init(sign: FloatingPointSign, exponent: Exponent, significand: Dual) {
    self.init(
      Value(sign: sign, exponent: exponent, significand: significand.value),
      derivative: Value(sign: sign, exponent: exponent, significand: significand.derivative))
  }

  /// `±|m|` with the sign of `signOf`; the derivative is `±m′`, negated when the sign flips.
  ///
  /// ```swift
  /// Dual<Double>(signOf: -1, magnitudeOf: .variable(2)).derivative  // -1.0
  /// ```
  @inlinable
  public init(signOf sign: Dual, magnitudeOf magnitude: Dual) {
    let value = Value(signOf: sign.value, magnitudeOf: magnitude.value)
    let flips = value.sign != magnitude.value.sign
    self.init(value, derivative: flips ? -magnitude.derivative : magnitude.derivative)
  }

  /// The constant (derivative zero) closest to `integer`.
  ///
  /// ```swift
  /// Dual<Double>(7 as Int).value  // 7.0
  /// ```
  @inlinable
  public init(_ integer: Int) { self.init(Value(integer)) }

  /// The constant (derivative zero) closest to `integer`.
  ///
  /// ```swift
  /// Dual<Double>(UInt8(7)).value  // 7.0
  /// ```
  @inlinable
  public init<Source: BinaryInteger>(_ integer: Source) { self.init(Value(integer)) }

  // MARK: Constants (derivative zero)

  /// The radix of `Value`.  Example: `Dual<Double>.radix  // 2`
  @inlinable public static var radix: Int { Value.radix }
  /// A quiet NaN constant.  Example: `Dual<Double>.nan.isNaN  // true`
  @inlinable public static var nan: Dual { Dual(Value.nan) }
  /// A signaling NaN constant.  Example: `Dual<Double>.signalingNaN.isSignalingNaN  // true`
  @inlinable public static var signalingNaN: Dual { Dual(Value.signalingNaN) }
  /// Positive infinity.  Example: `Dual<Double>.infinity.isInfinite  // true`
  @inlinable public static var infinity: Dual { Dual(Value.infinity) }
  /// The largest finite value.  Example: `Dual<Double>.greatestFiniteMagnitude.isFinite  // true`
  @inlinable public static var greatestFiniteMagnitude: Dual { Dual(Value.greatestFiniteMagnitude) }
  /// π rounded to `Value`.  Example: `Dual<Double>.pi.value  // 3.141592653589793`
  @inlinable public static var pi: Dual { Dual(Value.pi) }
  /// The smallest normal magnitude.  Example: `Dual<Double>.leastNormalMagnitude.isNormal  // true`
  @inlinable public static var leastNormalMagnitude: Dual { Dual(Value.leastNormalMagnitude) }
  /// The smallest positive value.  Example: `Dual<Double>.leastNonzeroMagnitude.isZero  // false`
  @inlinable public static var leastNonzeroMagnitude: Dual { Dual(Value.leastNonzeroMagnitude) }
  /// The unit in the last place of one.  Example: `Dual<Double>.ulpOfOne.value  // 2.22e-16`
  @inlinable public static var ulpOfOne: Dual { Dual(Value.ulpOfOne) }

  // MARK: Representation

  /// The unit in the last place of the value; piecewise constant, so its derivative is zero.
  ///
  /// ```swift
  /// Dual<Double>.variable(1).ulp.derivative  // 0.0
  /// ```
  @inlinable public var ulp: Dual { Dual(value.ulp) }

  /// The sign of the value.
  ///
  /// ```swift
  /// Dual<Double>(-1, derivative: 5).sign  // .minus
  /// ```
  @inlinable public var sign: FloatingPointSign { value.sign }

  /// The exponent of the value (an integer, so no derivative).
  ///
  /// ```swift
  /// Dual<Double>.variable(8).exponent  // 3
  /// ```
  @inlinable public var exponent: Exponent { value.exponent }

  /// The significand `|a|/radix^e` of the value, with derivative `±a′/radix^e`.
  ///
  /// The exponent `e` is locally constant, so the significand is a linear function of `a`,
  /// and `Dual(sign: x.sign, exponent: x.exponent, significand: x.significand)` rebuilds `x`,
  /// derivative included. At zero, infinity and NaN the derivative is zero; for subnormal
  /// values `a′/radix^e` overflows to infinity.
  ///
  /// ```swift
  /// Dual<Double>.variable(8).significand.derivative  // 0.125
  /// ```
  @inlinable
  public var significand: Dual {
    guard value.isFinite && !value.isZero else { return Dual(value.significand) }
    let scaled = Value(sign: value.sign, exponent: -value.exponent, significand: derivative)
    return Dual(value.significand, derivative: scaled)
  }

  /// The next representable value up; `a.nextUp = a + ulp(a)` with `ulp` locally constant, so
  /// the derivative passes through unchanged.
  ///
  /// ```swift
  /// Dual<Double>.variable(1).nextUp.derivative  // 1.0
  /// ```
  @inlinable public var nextUp: Dual { Dual(value.nextUp, derivative: derivative) }

  /// The next representable value down, with the derivative unchanged (see ``nextUp``).
  ///
  /// ```swift
  /// Dual<Double>.variable(1).nextDown.derivative  // 1.0
  /// ```
  @inlinable public var nextDown: Dual { Dual(value.nextDown, derivative: derivative) }

  // MARK: Differentiable operations

  /// The square root: `√(a + a′ε) = √a + (a′ / 2√a)ε`.
  ///
  /// ```swift
  /// Dual<Double>.variable(4).squareRoot().derivative  // 0.25
  /// ```
  @inlinable
  public func squareRoot() -> Dual {
    let root = value.squareRoot()
    return Dual(root, derivative: derivative / (2 * root))
  }

  /// Replaces `self` with its square root (see ``squareRoot()``).
  ///
  /// ```swift
  /// var x = Dual<Double>.variable(4)
  /// x.formSquareRoot()  // 2 + 0.25ε
  /// ```
  @inlinable
  public mutating func formSquareRoot() { self = squareRoot() }

  /// The fused `self + lhs·rhs`, with derivative `self′ + lhs′·rhs + lhs·rhs′` (also fused).
  ///
  /// ```swift
  /// Dual<Double>(1).addingProduct(.variable(2), 3).derivative  // 3.0
  /// ```
  @inlinable
  public func addingProduct(_ lhs: Dual, _ rhs: Dual) -> Dual {
    Dual(
      value.addingProduct(lhs.value, rhs.value),
      derivative: derivative.addingProduct(lhs.derivative, rhs.value)
        .addingProduct(lhs.value, rhs.derivative))
  }

  /// Adds `lhs·rhs` in place (see ``addingProduct(_:_:)``).
  ///
  /// ```swift
  /// var x = Dual<Double>(1)
  /// x.addProduct(.variable(2), 3)  // 7 + 3ε
  /// ```
  @inlinable
  public mutating func addProduct(_ lhs: Dual, _ rhs: Dual) { self = addingProduct(lhs, rhs) }

  /// The IEEE remainder `r = a − n·b`, `n` the nearest integer to `a/b`; `r′ = a′ − n·b′`.
  ///
  /// `n` is piecewise constant, so this is exact wherever `r` is continuous.
  ///
  /// ```swift
  /// Dual<Double>(7, derivative: 1).remainder(dividingBy: .variable(2)).derivative  // -3.0
  /// ```
  @inlinable
  public func remainder(dividingBy other: Dual) -> Dual {
    let result = value.remainder(dividingBy: other.value)
    let quotient = ((value - result) / other.value).rounded()
    return Dual(result, derivative: derivative - quotient * other.derivative)
  }

  /// Replaces `self` with ``remainder(dividingBy:)``.
  ///
  /// ```swift
  /// var x = Dual<Double>.variable(7)
  /// x.formRemainder(dividingBy: 2)  // -1 + 1ε
  /// ```
  @inlinable
  public mutating func formRemainder(dividingBy other: Dual) {
    self = remainder(dividingBy: other)
  }

  /// The truncating remainder `r = a − n·b`, `n = trunc(a/b)`; `r′ = a′ − n·b′`.
  ///
  /// ```swift
  /// let a = Dual<Double>(7, derivative: 1)
  /// a.truncatingRemainder(dividingBy: .variable(2)).derivative  // -2.0
  /// ```
  @inlinable
  public func truncatingRemainder(dividingBy other: Dual) -> Dual {
    let result = value.truncatingRemainder(dividingBy: other.value)
    let quotient = ((value - result) / other.value).rounded()
    return Dual(result, derivative: derivative - quotient * other.derivative)
  }

  /// Replaces `self` with ``truncatingRemainder(dividingBy:)``.
  ///
  /// ```swift
  /// var x = Dual<Double>.variable(7)
  /// x.formTruncatingRemainder(dividingBy: 2)  // 1 + 1ε
  /// ```
  @inlinable
  public mutating func formTruncatingRemainder(dividingBy other: Dual) {
    self = truncatingRemainder(dividingBy: other)
  }

  /// The value rounded by `rule`; a step function, so the derivative is zero.
  ///
  /// ```swift
  /// Dual<Double>.variable(2.6).rounded(.down)  // 2 + 0ε
  /// ```
  @inlinable
  public func rounded(_ rule: FloatingPointRoundingRule) -> Dual { Dual(value.rounded(rule)) }

  /// Rounds in place by `rule`, setting the derivative to zero.
  ///
  /// ```swift
  /// var x = Dual<Double>.variable(2.6)
  /// x.round(.up)  // 3 + 0ε
  /// ```
  @inlinable
  public mutating func round(_ rule: FloatingPointRoundingRule) { self = rounded(rule) }

  // MARK: Predicates on the value

  /// IEEE equality of the values.  Example: `Dual<Double>(1, derivative: 2).isEqual(to: 1)`
  @inlinable public func isEqual(to other: Dual) -> Bool { value.isEqual(to: other.value) }
  /// IEEE less-than of the values.  Example: `Dual<Double>(1).isLess(than: 2)  // true`
  @inlinable public func isLess(than other: Dual) -> Bool { value.isLess(than: other.value) }
  /// IEEE less-or-equal of the values.  Example: `Dual<Double>(2).isLessThanOrEqualTo(2)  // true`
  @inlinable public func isLessThanOrEqualTo(_ other: Dual) -> Bool {
    value.isLessThanOrEqualTo(other.value)
  }
  /// IEEE total order of values.  Example: `Dual<Double>(-0.0).isTotallyOrdered(belowOrEqualTo: 0)`
  @inlinable public func isTotallyOrdered(belowOrEqualTo other: Dual) -> Bool {
    value.isTotallyOrdered(belowOrEqualTo: other.value)
  }
  /// Whether the value is normal.  Example: `Dual<Double>(1).isNormal  // true`
  @inlinable public var isNormal: Bool { value.isNormal }
  /// Whether the value is finite.  Example: `Dual<Double>.infinity.isFinite  // false`
  @inlinable public var isFinite: Bool { value.isFinite }
  /// Whether the value is zero.  Example: `Dual<Double>(0, derivative: 1).isZero  // true`
  @inlinable public var isZero: Bool { value.isZero }
  /// Whether the value is subnormal.  Example: `Dual<Double>(1).isSubnormal  // false`
  @inlinable public var isSubnormal: Bool { value.isSubnormal }
  /// Whether the value is infinite.  Example: `Dual<Double>.infinity.isInfinite  // true`
  @inlinable public var isInfinite: Bool { value.isInfinite }
  /// Whether the value is NaN.  Example: `Dual<Double>.nan.isNaN  // true`
  @inlinable public var isNaN: Bool { value.isNaN }
  /// Whether the value is a signaling NaN.  Example: `Dual<Double>.nan.isSignalingNaN  // false`
  @inlinable public var isSignalingNaN: Bool { value.isSignalingNaN }
  /// Whether the value is canonical.  Example: `Dual<Double>(1).isCanonical  // true`
  @inlinable public var isCanonical: Bool { value.isCanonical }
}
