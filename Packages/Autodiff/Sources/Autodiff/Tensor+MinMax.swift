// Differentiable elementwise maximum and minimum, between tensors (broadcasting) and with a
// scalar.
//
// The gradient flows to whichever argument was selected; on a tie, to the first argument. The
// selection is piecewise constant, so the pullbacks treat it as a constant mask.
//
// The tensor–tensor forms are disfavored so that, should number literals ever convert to
// tensors, `max(x, 0)` still picks the cheaper scalar form instead of being ambiguous.

/// The larger of each pair of elements, broadcasting: `zᵢ = max(xᵢ, yᵢ)`.
///
/// The gradient of each element goes to the argument it came from; on a tie (`xᵢ = yᵢ`), to `x`.
/// NaN propagates: if either element is NaN, so is the result.
///
/// ```swift
/// max(Tensor<Double>([1, 5, 3]), Tensor([4, 2, 3])).scalars   // [4.0, 5.0, 3.0]
/// gradient(at: Tensor<Double>([1, 5, 3])) { x in max(x, Tensor([4, 2, 3])).sum() }.scalars
/// // [0.0, 1.0, 1.0]
/// ```
@_disfavoredOverload
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func max<Scalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
  selecting(.maximum, x, y)
}

/// The smaller of each pair of elements, broadcasting: `zᵢ = min(xᵢ, yᵢ)`.
///
/// The gradient of each element goes to the argument it came from; on a tie (`xᵢ = yᵢ`), to `x`.
/// NaN propagates: if either element is NaN, so is the result.
///
/// ```swift
/// min(Tensor<Double>(shape: [2, 2], scalars: [1, 5, 3, 0]), Tensor([2, 4])).scalars
/// // [1.0, 4.0, 2.0, 0.0]
/// ```
@_disfavoredOverload
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func min<Scalar>(_ x: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
  selecting(.minimum, x, y)
}

/// Each element of `x`, or `y` where `y` is larger: `zᵢ = max(xᵢ, y)`.
///
/// The gradient of `xᵢ` is passed through where `xᵢ ≥ y` (ties go to `x`, the first argument),
/// and is 0 elsewhere. `max(x, 0)` is the rectifier, with gradient 1 at 0.
///
/// ```swift
/// max(Tensor<Double>([-1, 0, 2]), 0).scalars   // [0.0, 0.0, 2.0]
/// gradient(at: Tensor<Double>([-1, 0, 2])) { x in max(x, 0).sum() }.scalars   // [0.0, 1.0, 1.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func max<Scalar>(_ x: Tensor<Scalar>, _ y: Scalar) -> Tensor<Scalar> {
  selecting(.maximum, x, y)
}

/// `x`, or each element of `y` where that element is larger: `zᵢ = max(x, yᵢ)`.
///
/// The gradient of `yᵢ` is passed through where `yᵢ > x`; ties go to `x`, the first argument, so
/// there it is 0.
///
/// ```swift
/// gradient(at: Tensor<Double>([-1, 0, 2])) { y in max(0, y).sum() }.scalars   // [0.0, 0.0, 1.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func max<Scalar>(_ x: Scalar, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
  selecting(.maximum, x, y)
}

/// Each element of `x`, or `y` where `y` is smaller: `zᵢ = min(xᵢ, y)`.
///
/// The gradient of `xᵢ` is passed through where `xᵢ ≤ y` (ties go to `x`, the first argument),
/// and is 0 elsewhere.
///
/// ```swift
/// min(Tensor<Double>([-1, 0, 2]), 1).scalars   // [-1.0, 0.0, 1.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func min<Scalar>(_ x: Tensor<Scalar>, _ y: Scalar) -> Tensor<Scalar> {
  selecting(.minimum, x, y)
}

/// `x`, or each element of `y` where that element is smaller: `zᵢ = min(x, yᵢ)`.
///
/// The gradient of `yᵢ` is passed through where `yᵢ < x`; ties go to `x`, the first argument.
///
/// ```swift
/// min(1, Tensor<Double>([-1, 1, 2])).scalars   // [-1.0, 1.0, 1.0]
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func min<Scalar>(_ x: Scalar, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
  selecting(.minimum, x, y)
}

/// Which of two values an operation selects.
enum Extremum {
  case maximum, minimum
}

private func selecting<Scalar>(
  _ extremum: Extremum, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>
) -> Tensor<Scalar> {
  let value = selectionKernel(extremum, x, y, ifFirst: nil)
  return differentiableOperation(of: x, y, value: value) { g, _, x, y in
    let toFirst = g * selectionKernel(extremum, x, y, ifFirst: (1, 0))
    return (toFirst.sum(toShape: x.shape), (g - toFirst).sum(toShape: y.shape))
  }
}

private func selecting<Scalar>(
  _ extremum: Extremum, _ x: Tensor<Scalar>, _ y: Scalar
) -> Tensor<Scalar> {
  let value = selectionKernel(extremum, x, Tensor(y), ifFirst: nil)
  return differentiableOperation(of: x, value: value) { g, _, x in
    g * selectionKernel(extremum, x, Tensor(y), ifFirst: (1, 0))
  }
}

private func selecting<Scalar>(
  _ extremum: Extremum, _ x: Scalar, _ y: Tensor<Scalar>
) -> Tensor<Scalar> {
  let value = selectionKernel(extremum, Tensor(x), y, ifFirst: nil)
  return differentiableOperation(of: y, value: value) { g, _, y in
    g * selectionKernel(extremum, Tensor(x), y, ifFirst: (0, 1))
  }
}

/// The selected scalars of `x` and `y` over their broadcast shape (not recorded), or, given
/// `ifFirst`, a mask holding `ifFirst.0` where `x` is selected and `ifFirst.1` where `y` is.
private func selectionKernel<Scalar>(
  _ extremum: Extremum, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, ifFirst: (Scalar, Scalar)?
) -> Tensor<Scalar> {
  let shape = broadcastShape(x.shape, y.shape)
  // A single scalar is read with step 0; any other operand of a different shape is copied to
  // the broadcast shape first.
  func operand(_ t: Tensor<Scalar>) -> (Tensor<Scalar>, step: Int) {
    if t.scalarCount == 1 { return (t.withoutDerivative(), 0) }
    return (t.withoutDerivative().broadcast(toShape: shape), 1)
  }
  let (a, aStep) = operand(x)
  let (b, bStep) = operand(y)
  return a.withUnsafeBufferPointer { a in
    b.withUnsafeBufferPointer { b in
      Tensor(shape: shape) { output in
        SelectionKernels.select(
          extremum, a.baseAddress!, step: aStep, b.baseAddress!, step: bStep,
          into: output.baseAddress!, count: output.count, ifFirst: ifFirst)
      }
    }
  }
}

enum SelectionKernels {
  /// `output[i] = a[i·aStep]` if the extremum selects it over `b[i·bStep]`, else `b[i·bStep]`;
  /// or, given `ifFirst`, `ifFirst.0` or `ifFirst.1`. Ties and a NaN in `a` select `a`; a NaN in
  /// `b` alone selects `b`, so NaN propagates. Steps are 0 (a repeated scalar) or 1.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func select<Scalar: TensorScalar>(
    _ extremum: Extremum, _ a: UnsafePointer<Scalar>, step aStep: Int,
    _ b: UnsafePointer<Scalar>, step bStep: Int,
    into output: UnsafeMutablePointer<Scalar>, count: Int, ifFirst: (Scalar, Scalar)?
  ) {
    switch (extremum, ifFirst) {
    case (.maximum, nil):
      run(a, aStep, b, bStep, output, count) { x, y in x >= y || x.isNaN ? x : y }
    case (.minimum, nil):
      run(a, aStep, b, bStep, output, count) { x, y in x <= y || x.isNaN ? x : y }
    case (.maximum, let (first, second)?):
      run(a, aStep, b, bStep, output, count) { x, y in x >= y || x.isNaN ? first : second }
    case (.minimum, let (first, second)?):
      run(a, aStep, b, bStep, output, count) { x, y in x <= y || x.isNaN ? first : second }
    }
  }

  @inline(__always)
  private static func run<Scalar: TensorScalar>(
    _ a: UnsafePointer<Scalar>, _ aStep: Int, _ b: UnsafePointer<Scalar>, _ bStep: Int,
    _ output: UnsafeMutablePointer<Scalar>, _ count: Int, _ op: (Scalar, Scalar) -> Scalar
  ) {
    switch (aStep, bStep) {
    case (1, 1):
      for i in 0..<count { output[i] = op(a[i], b[i]) }
    case (1, _):
      let y = b[0]
      for i in 0..<count { output[i] = op(a[i], y) }
    case (_, 1):
      let x = a[0]
      for i in 0..<count { output[i] = op(x, b[i]) }
    default:
      let (x, y) = (a[0], b[0])
      for i in 0..<count { output[i] = op(x, y) }
    }
  }
}
