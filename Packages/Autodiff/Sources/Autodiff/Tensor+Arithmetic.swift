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
    differentiableOperation(
      of: lhs, rhs, value: broadcasting(.add, lhs, rhs),
      pullbackOfFirst: { g, _, x, _ in g.sum(toShape: x.shape) },
      pullbackOfSecond: { g, _, _, y in g.sum(toShape: y.shape) })
  }

  /// `lhs - rhs`, broadcasting.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func - (lhs: Tensor, rhs: Tensor) -> Tensor {
    differentiableOperation(
      of: lhs, rhs, value: broadcasting(.subtract, lhs, rhs),
      pullbackOfFirst: { g, _, x, _ in g.sum(toShape: x.shape) },
      pullbackOfSecond: { g, _, _, y in (-g).sum(toShape: y.shape) })
  }

  /// The elementwise product `lhs ⊙ rhs`, broadcasting.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func * (lhs: Tensor, rhs: Tensor) -> Tensor {
    differentiableOperation(
      of: lhs, rhs, value: broadcasting(.multiply, lhs, rhs),
      pullbackOfFirst: { g, _, x, y in (g * y).sum(toShape: x.shape) },
      pullbackOfSecond: { g, _, x, y in (g * x).sum(toShape: y.shape) })
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
    differentiableOperation(of: x, value: x.scaledScalars(by: -1)) { g, _, _ in -g }
  }

  /// The scalar multiple `lhs · rhs`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func * (lhs: Scalar, rhs: Tensor) -> Tensor {
    record(of: rhs, value: rhs.scaledScalars(by: lhs), pullback: .scaling(Double(lhs)))
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
    Tensor(shape: shape) {
      VectorKernels.scale(UnsafeBufferPointer(storage.buffer), by: factor, into: $0)
    }
  }

  /// The result of a broadcasting binary operation on the scalars of `lhs` and `rhs`.
  static func broadcasting(_ op: BinaryOperator, _ lhs: Tensor, _ rhs: Tensor) -> Tensor {
    let shape = broadcastShape(lhs.shape, rhs.shape)
    return Tensor(shape: shape) { output in
      BroadcastKernels.apply(
        op, lhs.storage.pointer, shape: lhs.shape, rhs.storage.pointer, shape: rhs.shape,
        into: output.baseAddress!, shape: shape)
    }
  }
}
