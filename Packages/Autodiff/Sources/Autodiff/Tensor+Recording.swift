// The custom-derivative API: how an operation on tensors becomes differentiable. NNOps defines
// its kernels with it, and so can users.
//
// Compute the result from the inputs' scalars with any kernel, then hand it to
// `differentiableOperation` together with a pullback. The pullback receives the upstream
// gradient, the result and the inputs as seen by enclosing gradient computations; written with
// tensor operations, it is itself differentiable, which makes Hessian-vector products exact.

/// Records `value = op(x)` for differentiation and returns it.
///
/// - Parameters:
///   - x: The input.
///   - value: The result, computed from `x`'s scalars (its own recording is ignored).
///   - pullback: Given the gradient `upstream` of the result, returns the gradient of `x`
///     (`upstream · ∂value/∂x`, shaped like `x`). Its `value` and `x` arguments are the result
///     and the input as seen from enclosing gradient computations: use them, not captured
///     copies, so that higher derivatives are right.
///
/// ```swift
/// func cube<S>(_ x: Tensor<S>) -> Tensor<S> {
///   differentiableOperation(of: x, value: x.withoutDerivative() * x * x) { upstream, _, x in
///     upstream * 3 * x * x
///   }
/// }
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func differentiableOperation<Scalar>(
  of x: Tensor<Scalar>, value: Tensor<Scalar>,
  pullback:
    @escaping (
      _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ x: Tensor<Scalar>
    ) -> Tensor<Scalar>
) -> Tensor<Scalar> {
  record(of: x, value: value, pullback: .unary(pullback))
}

/// Records `value = op(x)` with the pullback `pullback`, which needs no second input.
@inline(__always)
func record<Scalar>(
  of x: Tensor<Scalar>, value: Tensor<Scalar>, pullback: TapeNode<Scalar>.Pullback
) -> Tensor<Scalar> {
  var result = value.withoutDerivative()
  if x.tracking.isEmpty { return result }
  forEachTape(of: x, nil) { tape in
    let node = TapeNode(
      value: result, pullback: pullback, x: x.recorded(before: tape), at: x.index(on: tape))
    result.tracking.append(TapeEntry(tape: tape, index: tape.append(node)))
  }
  return result
}

/// Records `value = op(x, y)` for differentiation and returns it.
///
/// The pullback returns the gradients of `x` and of `y`, shaped like them. See
/// ``differentiableOperation(of:value:pullback:)`` for the meaning of its arguments.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func differentiableOperation<Scalar>(
  of x: Tensor<Scalar>, _ y: Tensor<Scalar>, value: Tensor<Scalar>,
  pullback:
    @escaping (
      _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>
    ) -> (Tensor<Scalar>, Tensor<Scalar>)
) -> Tensor<Scalar> {
  record(of: x, y, value: value) { _, _ in .joint(pullback) }
}

/// Records `value = op(x, y)` for differentiation with one pullback per input, and returns it.
///
/// Prefer this form when the two gradients are computed separately: only the gradients of inputs
/// that are being differentiated are computed (in `x * c` with a constant `c`, the gradient of
/// `c` is never formed). See ``differentiableOperation(of:value:pullback:)`` for the meaning of
/// the pullbacks' arguments.
///
/// ```swift
/// func product<S>(_ x: Tensor<S>, _ y: Tensor<S>) -> Tensor<S> {
///   differentiableOperation(
///     of: x, y, value: x.withoutDerivative() * y.withoutDerivative(),
///     pullbackOfFirst: { upstream, _, _, y in upstream * y },
///     pullbackOfSecond: { upstream, _, x, _ in upstream * x })
/// }
/// ```
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func differentiableOperation<Scalar>(
  of x: Tensor<Scalar>, _ y: Tensor<Scalar>, value: Tensor<Scalar>,
  pullbackOfFirst:
    @escaping (
      _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>
    ) -> Tensor<Scalar>,
  pullbackOfSecond:
    @escaping (
      _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>
    ) -> Tensor<Scalar>
) -> Tensor<Scalar> {
  record(of: x, y, value: value) { xIndex, yIndex in
    if yIndex < 0 { return .first(pullbackOfFirst) }
    if xIndex < 0 { return .second(pullbackOfSecond) }
    return .separate(pullbackOfFirst, pullbackOfSecond)
  }
}

/// Records `value = op(x, y)` with the pullback that `pullback` chooses given the indices of `x`
/// and `y` on each tape (-1 for an input not recorded there).
@inline(__always)
func record<Scalar>(
  of x: Tensor<Scalar>, _ y: Tensor<Scalar>, value: Tensor<Scalar>,
  pullback: (_ xIndex: Int, _ yIndex: Int) -> TapeNode<Scalar>.Pullback
) -> Tensor<Scalar> {
  var result = value.withoutDerivative()
  if x.tracking.isEmpty && y.tracking.isEmpty { return result }
  forEachTape(of: x, y) { tape in
    let (xIndex, yIndex) = (x.index(on: tape), y.index(on: tape))
    let node = TapeNode(
      value: result, pullback: pullback(xIndex, yIndex), x: x.recorded(before: tape), at: xIndex,
      y: y.recorded(before: tape), at: yIndex)
    result.tracking.append(TapeEntry(tape: tape, index: tape.append(node)))
  }
  return result
}

/// Records `value = op(inputs…)` for differentiation and returns it.
///
/// The pullback returns one gradient per input, in order, each shaped like its input. See
/// ``differentiableOperation(of:value:pullback:)`` for the meaning of its arguments.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func differentiableOperation<Scalar>(
  of inputs: [Tensor<Scalar>], value: Tensor<Scalar>,
  pullback:
    @escaping (
      _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ inputs: [Tensor<Scalar>]
    ) -> [Tensor<Scalar>]
) -> Tensor<Scalar> {
  var result = value.withoutDerivative()
  if inputs.allSatisfy({ $0.tracking.isEmpty }) { return result }
  for tape in tapes(of: inputs.map { $0.tracking }) {
    let outerInputs = inputs.map { $0.recorded(before: tape) }
    let node = TapeNode(
      value: result,
      pullback: .nary(inputs.map { $0.index(on: tape) }, outerInputs, pullback),
      x: result, at: -1)
    result.tracking.append(TapeEntry(tape: tape, index: tape.append(node)))
  }
  return result
}

extension Tensor {
  /// The same values, not recorded for differentiation: gradients do not flow through it.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func withoutDerivative() -> Tensor {
    var copy = self
    copy.tracking = TapeEntries()
    return copy
  }

  /// Whether this tensor is recorded on a tape (it depends on a value being differentiated).
  public var isBeingDifferentiated: Bool { !tracking.isEmpty }

  /// This tensor as seen from tapes older than `tape`: its entries on `tape` and newer tapes
  /// removed.
  @usableFromInline
  func recorded(before tape: Tape<Scalar>) -> Tensor {
    var copy = self
    copy.tracking = tracking.entries(before: tape)
    return copy
  }

  /// The index of this tensor's node on `tape`, or -1 if it is not recorded there.
  @usableFromInline
  func index(on tape: Tape<Scalar>) -> Int {
    tracking.index(on: tape)
  }

  /// This tensor recorded as a new leaf of `tape` (on top of its recording on older tapes).
  func recordedAsLeaf(on tape: Tape<Scalar>) -> Tensor {
    var copy = self
    let index = tape.append(TapeNode(shape: shape, pullback: .leaf))
    copy.tracking.append(TapeEntry(tape: tape, index: index))
    return copy
  }
}

/// Calls `body` with each tape `x` or `y` is recorded on, oldest first, each once; without an
/// allocation in the common case of a single tape.
@inline(__always)
private func forEachTape<Scalar>(
  of x: Tensor<Scalar>, _ y: Tensor<Scalar>?, _ body: (Tape<Scalar>) -> Void
) {
  let yTracking = y?.tracking ?? TapeEntries()
  if let tape = x.tracking.onlyTape, yTracking.isEmpty || yTracking.onlyTape === tape {
    body(tape)
  } else if x.tracking.isEmpty, let tape = yTracking.onlyTape {
    body(tape)
  } else {
    for tape in tapes(of: [x.tracking, yTracking]) { body(tape) }
  }
}

/// The tapes of several inputs' entries, oldest first, each once.
private func tapes<Scalar>(of trackings: [TapeEntries<Scalar>]) -> [Tape<Scalar>] {
  var result: [Tape<Scalar>] = []
  for tracking in trackings {
    for entry in tracking.all where !result.contains(where: { $0 === entry.tape }) {
      result.append(entry.tape)
    }
  }
  return result.sorted { $0.generation < $1.generation }
}
