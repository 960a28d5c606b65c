// Differentiable arithmetic with NumPy broadcasting.
//
// Tensors are multiplied and divided by scalars directly (`2 * x`, `x / n`), but a scalar is added
// as a tensor: `x + Tensor(1)`. A `Tensor + Scalar` operator would let Swift type
// `loss + lambda * dot(m, m)` through the scalar-valued `dot` and drop the weight decay's
// gradient without a word; without it, only the differentiable, tensor-valued `dot` fits.

extension Tensor {
  /// `lhs + rhs`, broadcasting.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func + (lhs: Tensor, rhs: Tensor) -> Tensor {
    differentiableSum(of: lhs, rhs, value: broadcasting(.add, lhs, rhs))
  }

  /// `lhs - rhs`, broadcasting.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
    differentiableSum(of: lhs, rhs, value: broadcasting(.subtract, lhs, rhs), negatingSecond: true)
  }

  /// The elementwise product `lhs ⊙ rhs`, broadcasting.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
    // The tape pulls back through a product itself: in place in the upstream gradient's buffer
    // when nothing else holds it. A recorded tensor times itself (a squared error's `r * r`) is
    // a square, whose node keeps the input once.
    let value = broadcasting(.multiply, lhs, rhs)
    if lhs.tape != nil && lhs.tape === rhs.tape && lhs.nodeIndex == rhs.nodeIndex {
      return record(of: lhs, value: value, pullback: .square)
    }
    return record(of: lhs, rhs, value: value) { _, _ in .product }
  }

  /// The elementwise quotient `lhs ⊘ rhs`, broadcasting.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func / (lhs: Tensor, rhs: Tensor) -> Tensor {
    differentiableOperation(
      of: lhs, rhs, value: broadcasting(.divide, lhs, rhs),
      pullbackOfFirst: { g, _, x, y in (g / y).sum(toShape: x.shape) },
      pullbackOfSecond: { g, _, x, y in (-(g * x) / (y * y)).sum(toShape: y.shape) })
  }

  /// `-x`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static prefix func - (x: Tensor) -> Tensor {
    record(of: x, value: x.scaledScalars(by: -1), pullback: .scaling(-1), keepingInput: false)
  }

  /// The scalar multiple `lhs · rhs`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func * (lhs: Scalar, rhs: Tensor) -> Tensor {
    record(
      of: rhs, value: rhs.scaledScalars(by: lhs), pullback: .scaling(Double(lhs)),
      keepingInput: false)
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func * (lhs: Tensor, rhs: Scalar) -> Tensor { rhs * lhs }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func / (lhs: Tensor, rhs: Scalar) -> Tensor { (1 / rhs) * lhs }
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func / (lhs: Scalar, rhs: Tensor) -> Tensor { Tensor(lhs) / rhs }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func += (lhs: inout Tensor, rhs: Tensor) { lhs = lhs + rhs }
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func -= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs - rhs }
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func *= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs * rhs }
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func /= (lhs: inout Tensor, rhs: Tensor) { lhs = lhs / rhs }

  /// `factor · self`, computed from the scalars (not recorded).
  func scaledScalars(by factor: Scalar) -> Tensor {
    let count = scalarCount
    let (source, result) = (storage.pointer, TensorStorage<Scalar>.make(uninitializedCount: count))
    let output = result.pointer
    // A loop of its own rather than `VectorKernels.scale`: across modules, that call goes through
    // the generic entry point, which costs more than scaling a small tensor.
    for i in 0..<count { output[i] = factor * source[i] }
    return Tensor(shape: shape, storage: result)
  }

  /// Multiplies by `other`, then by `factor`, and sums the product to `shape`: the pullback of a
  /// product to one of its factors (of a square, with `factor` 2), with `self` the upstream
  /// gradient. In place and in one pass when `self`'s buffer is not shared and nothing is being
  /// differentiated (then the shapes must agree); recorded otherwise: the product summed to
  /// `shape`, then times `factor`. In place, each element is `(selfᵢ · otherᵢ) · factor`, rounded
  /// after each product.
  mutating func multiply(by other: Tensor, scaledBy factor: Scalar = 1, summingTo shape: [Int]) {
    guard tape == nil && other.tape == nil && self.shape == other.shape && self.shape == shape
    else {
      self = (self * other).sum(toShape: shape)
      if factor != 1 { scale(by: factor) }
      return
    }
    let (target, factors) = (uniqueStorage().pointer, other.storage.pointer)
    if WideElementwise.runs(Scalar.self, count: scalarCount) {
      return WideElementwise.scale(target, by: factors, factor, count: scalarCount)
    }
    for i in 0..<scalarCount { target[i] = target[i] * factors[i] * factor }
  }

  /// The result of a broadcasting binary operation on the scalars of `lhs` and `rhs`.
  static func broadcasting(_ op: BinaryOperator, _ lhs: Tensor, _ rhs: Tensor) -> Tensor {
    // Operands of one shape share it with the result (`broadcastShape` returns it), and the
    // kernel runs them as one loop.
    let shape = broadcastShape(lhs.shape, rhs.shape)
    let result = TensorStorage<Scalar>.make(uninitializedCount: scalarCount(of: shape))
    BroadcastKernels.apply(
      op, lhs.storage.pointer, shape: lhs.shape, rhs.storage.pointer, shape: rhs.shape,
      into: result.pointer, shape: shape)
    return Tensor(shape: shape, storage: result)
  }
}
