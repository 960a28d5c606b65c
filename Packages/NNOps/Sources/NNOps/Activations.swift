// Elementwise activation functions: relu, leakyRelu, sigmoid, tanh, softplus, elu, gelu and silu.
//
// Each forward value comes from one specialized kernel; each pullback is written with tensor
// operations on the `value` and `x` it is handed, so Hessian-vector products are exact. Where a
// derivative is piecewise constant (the slopes of relu and leakyRelu) it is a kernel result,
// which is not recorded: its own derivative is 0, as it is almost everywhere. The pullbacks of
// tanh and sigmoid are kernels recorded with pullbacks of their own (`ActivationPullbacks.swift`).

@_spi(Kernels) import Parallelism

/// The rectifier: `yᵢ = max(xᵢ, 0)`.
///
/// The gradient is 1 where `xᵢ > 0` and 0 elsewhere, including at 0 (like PyTorch). NaN
/// propagates.
///
/// ```swift
/// relu(Tensor<Double>([-2, 0, 3])).scalars                                  // [0.0, 0.0, 3.0]
/// gradient(at: Tensor<Double>([-2, 0, 3])) { x in relu(x).sum() }.scalars   // [0.0, 0.0, 1.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func relu<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.activated(.relu)) { g, _, x in
    rectifierPullback(g, x, negativeSlope: 0)
  }
}

/// The leaky rectifier: `yᵢ = xᵢ` for `xᵢ ≥ 0`, `negativeSlope · xᵢ` below.
///
/// The gradient is 1 where `xᵢ > 0` and `negativeSlope` elsewhere, including at 0 (like
/// PyTorch).
///
/// ```swift
/// leakyRelu(Tensor<Double>([-2, 3])).scalars                       // [-0.02, 3.0]
/// leakyRelu(Tensor<Double>([-2, 3]), negativeSlope: 0.5).scalars   // [-1.0, 3.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func leakyRelu<Scalar>(
  _ x: Tensor<Scalar>, negativeSlope: Scalar = 0.01
) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.activated(.leakyRelu(Double(negativeSlope)))) { g, _, x in
    rectifierPullback(g, x, negativeSlope: negativeSlope)
  }
}

/// The logistic sigmoid: `yᵢ = 1 / (1 + e⁻ˣⁱ)`, with derivative `yᵢ(1 − yᵢ)`.
///
/// Computed from `e^(−|xᵢ|)`, which never overflows: `sigmoid(±1000)` is exactly 1 and 0.
///
/// ```swift
/// sigmoid(Tensor<Double>([-1000, 0, 1000])).scalars   // [0.0, 0.5, 1.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func sigmoid<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.activated(.sigmoid)) { g, value, _ in
    sigmoidPullback(g, value)
  }
}

/// The hyperbolic tangent: `yᵢ = tanh xᵢ`, with derivative `1 − yᵢ²`.
///
/// ```swift
/// tanh(Tensor<Double>([0, 1])).scalars   // [0.0, 0.7615941559557649]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func tanh<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.activated(.tanh)) { g, value, _ in
    tanhPullback(g, value)
  }
}

/// The softplus, a smooth rectifier: `yᵢ = ln(1 + eˣⁱ)`, with derivative `sigmoid(xᵢ)`.
///
/// Computed as `ln(1 + e^(−|xᵢ|)) + max(xᵢ, 0)`, which neither overflows nor loses the small
/// values: `softplus(-1000)` is 0 and `softplus(1000)` is 1000.
///
/// ```swift
/// softplus(Tensor<Double>([-1000, 0, 1000])).scalars   // [0.0, 0.6931471805599453, 1000.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func softplus<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.activated(.softplus)) { g, _, x in g * sigmoid(x) }
}

/// The exponential linear unit: `yᵢ = xᵢ` for `xᵢ > 0`, `α(eˣⁱ − 1)` otherwise.
///
/// The gradient is 1 where `xᵢ > 0` and `α·eˣⁱ` elsewhere (so `α` at 0, like PyTorch).
/// Reference: Clevert, Unterthiner and Hochreiter, "Fast and accurate deep network learning by
/// exponential linear units (ELUs)", ICLR 2016.
///
/// ```swift
/// elu(Tensor<Double>([-1, 2])).scalars   // [-0.6321205588285577, 2.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func elu<Scalar>(_ x: Tensor<Scalar>, alpha: Scalar = 1) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.activated(.elu(Double(alpha)))) { g, _, x in
    g * eluSlope(x, alpha: alpha)
  }
}

/// The Gaussian error linear unit: by default the exact form `yᵢ = xᵢ·Φ(xᵢ)`, where `Φ` is the
/// standard normal distribution function, as in PyTorch's default (`approximate='none'`).
///
/// With `approximateTanh`, the tanh approximation of PyTorch's `approximate='tanh'`:
/// `yᵢ = ½xᵢ(1 + tanh(√(2/π)(xᵢ + 0.044715xᵢ³)))`. Both are computed without cancellation for
/// negative `xᵢ` (`Φ(x) = ½erfc(−x/√2)` and `½(1 + tanh u) = sigmoid(2u)`).
/// Reference: Hendrycks and Gimpel, "Gaussian error linear units (GELUs)", 2016.
///
/// ```swift
/// gelu(Tensor<Double>([1])).scalar                          // 0.8413447460685429
/// gelu(Tensor<Double>([1]), approximateTanh: true).scalar   // 0.8411919906082768
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func gelu<Scalar>(_ x: Tensor<Scalar>, approximateTanh: Bool = false) -> Tensor<Scalar> {
  if approximateTanh {
    return differentiableOperation(of: x, value: x.activated(.geluTanh)) { g, _, x in
      let (c, a) = (Scalar.sqrt(2 / Scalar.pi), Scalar(0.044715))
      let s = sigmoid(2 * c * (x + a * x * x * x))
      return g * (s + 2 * c * x * s * (Tensor(1) - s) * (Tensor(1) + 3 * a * x * x))
    }
  }
  return differentiableOperation(of: x, value: x.activated(.gelu)) { g, _, x in
    g * geluSlope(x)
  }
}

/// The sigmoid-weighted linear unit (also called swish): `yᵢ = xᵢ·sigmoid(xᵢ)`, with derivative
/// `s + yᵢ(1 − s)` where `s = sigmoid(xᵢ)`.
///
/// Reference: Elfwing, Uchibe and Doya, "Sigmoid-weighted linear units for neural network
/// function approximation in reinforcement learning", 2018.
///
/// ```swift
/// silu(Tensor<Double>([-1000, 0, 1])).scalars   // [-0.0, 0.0, 0.7310585786300049]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func silu<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.activated(.silu)) { g, value, x in
    let s = sigmoid(x)
    return g * (s + value * (Tensor(1) - s))
  }
}

/// The pullback of `leakyRelu` (of `relu` for slope 0), `gᵢ · (xᵢ > 0 ? 1 : negativeSlope)`, in one
/// pass: the same products as `g * slope(x)` without materializing the slope. Recorded as the
/// linear map of `g` it is (its own adjoint); the slope is piecewise constant in `x`, so its
/// derivative there is 0, as it is almost everywhere.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func rectifierPullback<Scalar>(_ g: Tensor<Scalar>, _ x: Tensor<Scalar>, negativeSlope: Scalar)
  -> Tensor<Scalar>
{
  precondition(g.shape == x.shape, "rectifierPullback: \(g.shape) and \(x.shape) differ")
  let value = Tensor<Scalar>(shape: g.shape) { output in
    g.withUnsafeBufferPointer { g in
      x.withUnsafeBufferPointer { x in
        let count = output.count
        let (g, x, output) = (g.baseAddress!, x.baseAddress!, output.baseAddress!)
        forEachSlice(of: count) { range in
          for i in range { output[i] = g[i] * (x[i] > 0 ? 1 : negativeSlope) }
        }
      }
    }
  }
  return differentiableOperation(of: g, value: value) { u, _, _ in
    rectifierPullback(u, x, negativeSlope: negativeSlope)
  }
}

/// The derivative of `elu`, itself differentiable: `1` for `x > 0`, `α·eˣ` otherwise. Its own
/// derivative is `α·eˣ` for `x ≤ 0` and 0 above, that is, this value minus the unit step.
private func eluSlope<Scalar>(_ x: Tensor<Scalar>, alpha: Scalar) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.activated(.eluSlope(Double(alpha)))) { g, value, x in
    g * (value - x.activated(.leakyReluSlope(0)))
  }
}

/// The derivative of the exact `gelu`, itself differentiable: `Φ(x) + x·φ(x)`, where `φ` is the
/// standard normal density; its own derivative is `(2 − x²)·φ(x)`.
private func geluSlope<Scalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
  differentiableOperation(of: x, value: x.activated(.geluSlope)) { g, _, x in
    let density = exp(Scalar(-0.5) * x * x) / Scalar.sqrt(2 * Scalar.pi)
    return g * (Tensor(2) - x * x) * density
  }
}

/// The scalar functions of the activations and of their derivatives.
///
/// Parameters are held as `Double` (exactly, for `Float` and `Double` tensors) so that the type
/// is not generic: a generic enum's metadata was looked up at run time by every call of an
/// activation from the user's code, which reaches the activations through their generic entry
/// points (~320 instructions a call).
enum Activation {
  case relu, sigmoid, tanh, softplus, silu, gelu, geluTanh
  case leakyRelu(Double)
  case elu(Double)
  /// `1` for `x > 0`, the given slope otherwise: the derivative of `leakyRelu` (of `relu` for
  /// slope 0).
  case leakyReluSlope(Double)
  /// `1` for `x > 0`, `α·eˣ` otherwise.
  case eluSlope(Double)
  /// `Φ(x) + x·φ(x)`.
  case geluSlope
}

extension Tensor {
  /// `function` applied to every scalar (not recorded).
  func activated(_ function: Activation) -> Tensor {
    withUnsafeBufferPointer { input in
      Tensor(shape: shape) { output in
        let (input, output) = (input.baseAddress!, output.baseAddress!)
        forEachSlice(of: scalarCount) { range in
          ActivationKernels.apply(
            function, input + range.lowerBound, into: output + range.lowerBound,
            count: range.count)
        }
      }
    }
  }
}

enum ActivationKernels {
  /// `output[i] = function(input[i])`: the switch runs once, outside the loop.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func apply<Scalar: TensorScalar>(
    _ function: Activation, _ input: UnsafePointer<Scalar>,
    into output: UnsafeMutablePointer<Scalar>, count: Int
  ) {
    let inverseSquareRootOfTwo = 1 / Scalar.sqrt(2)
    let inverseSquareRootOfTwoPi = 1 / Scalar.sqrt(2 * Scalar.pi)
    // gelu's tanh form: ½(1 + tanh u) = sigmoid(2u) with u = √(2/π)(x + 0.044715x³).
    let twiceC = 2 * Scalar.sqrt(2 / Scalar.pi)
    let cubic = Scalar(0.044715)
    switch function {
    case .relu: map(input, output, count) { $0 < 0 ? 0 : $0 }
    case .leakyRelu(let slope):
      let slope = Scalar(slope)
      map(input, output, count) { $0 < 0 ? slope * $0 : $0 }
    case .leakyReluSlope(let slope):
      let slope = Scalar(slope)
      map(input, output, count) { $0 > 0 ? 1 : slope }
    case .sigmoid: map(input, output, count) { sigmoid($0) }
    case .tanh:
      if !WideKernels.tanh(input, into: output, count: count) {
        map(input, output, count) { hyperbolicTangent($0) }
      }
    case .softplus:
      map(input, output, count) { .log(onePlus: .exp(-$0.magnitude)) + ($0 > 0 ? $0 : 0) }
    case .elu(let alpha):
      let alpha = Scalar(alpha)
      map(input, output, count) { $0 > 0 ? $0 : alpha * .expMinusOne($0) }
    case .eluSlope(let alpha):
      let alpha = Scalar(alpha)
      map(input, output, count) { $0 > 0 ? 1 : alpha * .exp($0) }
    case .gelu:
      map(input, output, count) { $0 * (0.5 * .erfc(-$0 * inverseSquareRootOfTwo)) }
    case .geluSlope:
      map(input, output, count) { x in
        0.5 * .erfc(-x * inverseSquareRootOfTwo)
          + x * inverseSquareRootOfTwoPi * .exp(-0.5 * x * x)
      }
    case .geluTanh:
      map(input, output, count) { x in x * sigmoid(twiceC * (x + cubic * x * x * x)) }
    case .silu: map(input, output, count) { $0 * sigmoid($0) }
    }
  }

  /// `1 / (1 + e⁻ˣ)` from `e^(−|x|) ≤ 1`, so that nothing overflows.
  @inline(__always)
  private static func sigmoid<Scalar: TensorScalar>(_ x: Scalar) -> Scalar {
    let e = exponential(-x.magnitude)
    let r = 1 / (1 + e)
    return x < 0 ? e * r : r
  }

  @inline(__always)
  private static func map<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, _ output: UnsafeMutablePointer<Scalar>, _ count: Int,
    _ function: (Scalar) -> Scalar
  ) {
    for i in 0..<count { output[i] = function(input[i]) }
  }
}
