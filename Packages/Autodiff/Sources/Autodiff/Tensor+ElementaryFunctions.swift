// Differentiable elementwise functions: exp, log, sqrt, abs, sin, cos and powers.
//
// Each forward value comes from one specialized kernel over the scalars; each pullback is written
// with tensor operations on the `value` and `x` it receives, so second derivatives are exact.
// The tensor–tensor `pow` is disfavored so that `pow(x, 2)` would keep picking the scalar form
// if number literals ever converted to tensors.

/// The exponential of every element: `yᵢ = eˣⁱ`.
///
/// Its derivative is `eˣⁱ`, so the pullback reuses the result: `∂L/∂xᵢ = ∂L/∂yᵢ · yᵢ`.
///
/// ```swift
/// exp(Tensor<Double>([0, 1])).scalars   // [1.0, 2.718281828459045]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func exp<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.applying(.exp)) { g, value, _ in g * value }
}

/// The natural logarithm of every element: `yᵢ = ln xᵢ`.
///
/// Defined for `xᵢ > 0`; `ln 0 = -∞` and a negative element gives NaN, as in C and NumPy. The
/// derivative is `1 / xᵢ`.
///
/// ```swift
/// log(Tensor<Double>([1, 1000])).scalars   // [0.0, 6.907755278982137]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func log<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.applying(.log)) { g, _, x in g / x }
}

/// The square root of every element: `yᵢ = √xᵢ`.
///
/// Defined for `xᵢ ≥ 0` (NaN below). The derivative is `1 / (2√xᵢ)`, infinite at 0.
///
/// ```swift
/// sqrt(Tensor<Double>([4, 2.25])).scalars   // [2.0, 1.5]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func sqrt<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.applying(.sqrt)) { g, value, _ in g / (2 * value) }
}

/// The absolute value of every element: `yᵢ = |xᵢ|`.
///
/// The derivative is the sign of `xᵢ`; at `xᵢ = 0`, where `|x|` has no derivative, the gradient
/// is 0 (a subgradient, the choice of PyTorch and JAX).
///
/// ```swift
/// abs(Tensor<Double>([-2, 0, 3])).scalars   // [2.0, 0.0, 3.0]
/// gradient(at: Tensor<Double>([-2, 0, 3])) { x in abs(x).sum() }.scalars   // [-1.0, 0.0, 1.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func abs<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  // The sign is piecewise constant, so treating it as a constant keeps higher derivatives right.
  differentiableOperation(of: x, value: x.applying(.abs)) { g, _, x in
    g * x.withoutDerivative().applying(.sign)
  }
}

/// The sine of every element (in radians): `yᵢ = sin xᵢ`, with derivative `cos xᵢ`.
///
/// ```swift
/// sin(Tensor<Double>([0, .pi / 2])).scalars   // [0.0, 1.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func sin<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.applying(.sin)) { g, _, x in g * cos(x) }
}

/// The cosine of every element (in radians): `yᵢ = cos xᵢ`, with derivative `-sin xᵢ`.
///
/// ```swift
/// cos(Tensor<Double>([0, .pi])).scalars   // [1.0, -1.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func cos<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.applying(.cos)) { g, _, x in -(g * sin(x)) }
}

/// Every element raised to the power `p`: `yᵢ = xᵢᵖ`.
///
/// Follows C's `pow`: an integral `p` works for negative `xᵢ` (`(-2)² = 4`) and `0⁰ = 1`; a
/// fractional `p` gives NaN for negative `xᵢ`. The derivative is `p · xᵢᵖ⁻¹` (0 for `p = 0`).
///
/// ```swift
/// pow(Tensor<Double>([-2, 3]), 2).scalars   // [4.0, 9.0]
/// gradient(at: Tensor<Double>([-2, 3])) { x in pow(x, 2).sum() }.scalars   // [-4.0, 6.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func pow<Scalar>(_ x: Tensor<Scalar>, _ p: Scalar) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.applying(.power(p))) { g, _, x in
    if p == 0 { return Tensor.zeros(shape: x.shape) }
    return g * p * pow(x, p - 1)
  }
}

/// Every element of `x` raised to the power of the matching element of `y`, broadcasting:
/// `zᵢ = xᵢ^yᵢ`.
///
/// Values follow C's `pow` element by element, as for a scalar exponent. The gradients are
/// `∂z/∂x = y · x^(y−1)` and `∂z/∂y = z · ln x`; the latter is defined only for `x > 0`, so
/// differentiate with respect to `y` only on that domain (elsewhere it is NaN or
/// infinite, even where the value is finite, as for `(-2)²`).
///
/// ```swift
/// pow(Tensor<Double>([2, 3]), Tensor([3, 2])).scalars   // [8.0, 9.0]
/// pow(Tensor<Double>(shape: [2, 1], scalars: [2, 3]), Tensor([0, 1])).scalars
/// // [1.0, 2.0, 1.0, 3.0]
/// ```
@_disfavoredOverload
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func pow<Scalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
  let shape = broadcastShape(x.shape, y.shape)
  let base = x.withoutDerivative().broadcast(toShape: shape)
  let exponent = y.withoutDerivative().broadcast(toShape: shape)
  let value = base.withUnsafeBufferPointer { base in
    exponent.withUnsafeBufferPointer { exponent in
      Tensor(shape: shape) { output in
        ElementaryFunctionKernels.power(
          base.baseAddress!, exponent.baseAddress!, into: output.baseAddress!, count: output.count)
      }
    }
  }
  // One pullback per input: with a constant exponent (the common `pow(x, Tensor(2))`), the
  // exponent's gradient and its logarithm of the base are never formed.
  return differentiableOperation(
    of: x, y, value: value,
    pullbackOfFirst: { g, _, x, y in (g * y * pow(x, y - Tensor(1))).sum(toShape: x.shape) },
    pullbackOfSecond: { g, value, x, y in (g * value * log(x)).sum(toShape: y.shape) })
}

/// The scalar functions that the elementwise operations apply.
enum ElementaryFunction<Scalar> {
  case exp, log, sqrt, abs, sign, sin, cos
  /// `x ↦ xᵖ` for a fixed exponent `p`.
  case power(Scalar)
}

extension Tensor {
  /// `function` applied to every scalar (not recorded).
  func applying(_ function: ElementaryFunction<Scalar>) -> Tensor {
    Tensor(shape: shape) { output in
      ElementaryFunctionKernels.apply(
        function, storage.pointer, into: output.baseAddress!, count: output.count)
    }
  }
}

enum ElementaryFunctionKernels {
  /// `output[i] = function(input[i])`: the switch runs once, outside a branch-free loop.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func apply<Scalar: TensorScalar>(
    _ function: ElementaryFunction<Scalar>, _ input: UnsafePointer<Scalar>,
    into output: UnsafeMutablePointer<Scalar>, count: Int
  ) {
    switch function {
    case .exp: map(input, output, count) { .exp($0) }
    case .log: map(input, output, count) { .log($0) }
    case .sqrt: map(input, output, count) { $0.squareRoot() }
    case .abs: map(input, output, count) { $0.magnitude }
    case .sign: map(input, output, count) { $0 > 0 ? 1 : ($0 < 0 ? -1 : 0) }
    case .sin: map(input, output, count) { .sin($0) }
    case .cos: map(input, output, count) { .cos($0) }
    case .power(let p):
      if p == 2 {
        map(input, output, count) { $0 * $0 }
      } else if let n = Int(exactly: p) {
        map(input, output, count) { .pow($0, n) }
      } else {
        map(input, output, count) { .pow($0, p) }
      }
    }
  }

  /// `output[i] = base[i] ^ exponent[i]` with C's `pow` semantics: swift-numerics' real `pow`
  /// returns NaN for a negative base and for `0⁰`, so integral exponents take the integer form.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func power<Scalar: TensorScalar>(
    _ base: UnsafePointer<Scalar>, _ exponent: UnsafePointer<Scalar>,
    into output: UnsafeMutablePointer<Scalar>, count: Int
  ) {
    for i in 0..<count {
      let y = exponent[i]
      if let n = Int(exactly: y) {
        output[i] = .pow(base[i], n)
      } else {
        output[i] = .pow(base[i], y)
      }
    }
  }

  @inline(__always)
  private static func map<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, _ output: UnsafeMutablePointer<Scalar>, _ count: Int,
    _ function: (Scalar) -> Scalar
  ) {
    for i in 0..<count { output[i] = function(input[i]) }
  }
}
