import RealModule

/// The derivative `f′(x)` of a scalar function, by forward mode.
///
/// Evaluates `f` once on the dual number `x + 1·ε` and reads off the tangent:
///
///     f(x + ε) = f(x) + f′(x)·ε
///
/// The result is exact up to floating-point rounding (no step size, unlike finite
/// differences), and costs about two to four evaluations of `f`. Write `f` generically over
/// `T: Real` to use the same code for values and derivatives. Calls nest: the derivative of
/// a derivative is a second derivative, at type `Dual<Dual<T>>`.
///
/// - Parameters:
///   - x: The point at which to differentiate.
///   - f: The function, written for dual numbers.
/// - Returns: `f′(x)`.
///
/// ```swift
/// func g<T: Real>(_ t: T) -> T { t * T.sin(t) }
/// derivative(at: 0.0, in: g)                           // 0.0 = sin 0 + 0·cos 0
/// derivative(at: 0.0) { x in derivative(at: x, in: g) } // 2.0 = 2 cos 0 − 0·sin 0
/// ```
@inlinable
public func derivative<T: Real>(at x: T, in f: (Dual<T>) -> Dual<T>) -> T {
  f(.variable(x)).derivative
}

/// The value `f(x)` and the derivative `f′(x)` of a scalar function, from one forward pass.
///
///     f(x + ε) = f(x) + f′(x)·ε
///
/// - Parameters:
///   - x: The point at which to evaluate and differentiate.
///   - f: The function, written for dual numbers.
/// - Returns: `(value: f(x), derivative: f′(x))`.
///
/// ```swift
/// let (value, slope) = valueWithDerivative(at: 2.0) { x in x * x * x }
/// // value == 8.0, slope == 12.0
/// ```
@inlinable
public func valueWithDerivative<T: Real>(
  at x: T, in f: (Dual<T>) -> Dual<T>
) -> (value: T, derivative: T) {
  let result = f(.variable(x))
  return (result.value, result.derivative)
}
