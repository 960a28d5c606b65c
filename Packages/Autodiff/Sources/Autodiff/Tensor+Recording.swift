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

/// Records `value = op(x)` with the pullback `pullback`, and returns it.
///
/// - Parameter keepingInput: Whether the node keeps `x` for the pullback (a scaling needs none).
@inline(__always)
func record<Scalar>(
  of x: Tensor<Scalar>, value: consuming Tensor<Scalar>, pullback: TapeNode<Scalar>.Pullback,
  keepingInput: Bool = true
) -> Tensor<Scalar> {
  value.forgetRecording()
  guard let tape = x.tape else { return value }
  if !tape.isNested {  // x is on this one tape: the common case
    value.nodeIndex = tape.record(
      value, pullback: pullback, x: keepingInput ? x.withoutDerivative() : nil, at: x.nodeIndex)
    value.tape = tape
    return value
  }
  return recordOnEveryTape(of: [x], value) { tape, value in
    tape.record(
      value, pullback: pullback, x: keepingInput ? x.recorded(before: tape) : nil,
      at: x.index(on: tape))
  }
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
/// and `y` on each tape (-1 for an input not recorded there), and returns it.
@inline(__always)
func record<Scalar>(
  of x: Tensor<Scalar>, _ y: Tensor<Scalar>, value: consuming Tensor<Scalar>,
  keepingInputs: Bool = true,
  pullback: (_ xIndex: Int, _ yIndex: Int) -> TapeNode<Scalar>.Pullback
) -> Tensor<Scalar> {
  value.forgetRecording()
  guard let tape = x.tape ?? y.tape else { return value }
  if !tape.isNested && (x.tape == nil || y.tape == nil || x.tape === y.tape) {
    // Both inputs are on this one tape or constant: the common case.
    let (xIndex, yIndex) = (x.nodeIndex, y.nodeIndex)
    value.nodeIndex = tape.record(
      value, pullback: pullback(xIndex, yIndex), x: keepingInputs ? x.withoutDerivative() : nil,
      at: xIndex, y: keepingInputs ? y.withoutDerivative() : nil, at: yIndex)
    value.tape = tape
    return value
  }
  return recordOnEveryTape(of: [x, y], value) { tape, value in
    let (xIndex, yIndex) = (x.index(on: tape), y.index(on: tape))
    return tape.record(
      value, pullback: pullback(xIndex, yIndex),
      x: keepingInputs ? x.recorded(before: tape) : nil, at: xIndex,
      y: keepingInputs ? y.recorded(before: tape) : nil, at: yIndex)
  }
}

/// Records `value = x + y` (or, `negatingSecond`, `x − y`), broadcasting, for differentiation
/// and returns it: the tape's own node for sums, which stores neither input (see
/// `TapeNode.Pullback.sum`).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
package func differentiableSum<Scalar>(
  of x: Tensor<Scalar>, _ y: Tensor<Scalar>, value: Tensor<Scalar>, negatingSecond: Bool = false
) -> Tensor<Scalar> {
  record(of: x, y, value: value, keepingInputs: false) { _, _ in
    .sum(negatingSecond: negatingSecond)
  }
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
  recordNary(of: inputs, value: value) { indices, inputs in .nary(indices, inputs, pullback) }
}

/// Records `value = op(inputs…)` for differentiation with one pullback per input, and returns it.
///
/// The generalization of ``differentiableOperation(of:_:value:pullbackOfFirst:pullbackOfSecond:)``
/// to any number of inputs: `pullbacks[i]` returns the gradient of `inputs[i]`, shaped like it,
/// and is called only when `inputs[i]` is being differentiated (the gradient of a constant input,
/// such as the data fed to a first layer, is never computed). Each pullback receives all the
/// inputs; see ``differentiableOperation(of:value:pullback:)`` for the meaning of its arguments.
///
/// ```swift
/// // f(x, y, z) = x ⊙ y + z
/// func multiplyAdd<S>(_ x: Tensor<S>, _ y: Tensor<S>, _ z: Tensor<S>) -> Tensor<S> {
///   let value = x.withoutDerivative() * y.withoutDerivative() + z.withoutDerivative()
///   return differentiableOperation(
///     of: [x, y, z], value: value,
///     pullbacks: [
///       { upstream, _, inputs in upstream * inputs[1] },
///       { upstream, _, inputs in upstream * inputs[0] },
///       { upstream, _, _ in upstream },
///     ])
/// }
/// ```
///
/// - Precondition: There is one pullback per input.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func differentiableOperation<Scalar>(
  of inputs: [Tensor<Scalar>], value: Tensor<Scalar>,
  pullbacks: [(_ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ inputs: [Tensor<Scalar>])
    -> Tensor<Scalar>]
) -> Tensor<Scalar> {
  precondition(
    pullbacks.count == inputs.count,
    "differentiableOperation(of:value:pullbacks:): \(pullbacks.count) pullbacks for "
      + "\(inputs.count) inputs")
  return recordNary(of: inputs, value: value) { indices, inputs in
    .naryPerInput(indices, inputs, pullbacks)
  }
}

/// Records `value = op(inputs…)` with the pullback `pullback` makes from the inputs' node indices
/// on a tape (-1 for an input not recorded there) and the inputs as seen from it, and returns it.
///
/// Like the unary and binary `record`, it takes a shortcut when every recorded input is on one
/// tape that is not nested: the indices and inputs are at hand, without collecting, sorting and
/// walking the tapes of every input (which took 6,000 instructions and ~70 reference counts to
/// record one `linear`).
@inline(__always)
private func recordNary<Scalar>(
  of inputs: [Tensor<Scalar>], value: Tensor<Scalar>,
  pullback: (_ indices: [Int], _ inputs: [Tensor<Scalar>]) -> TapeNode<Scalar>.Pullback
) -> Tensor<Scalar> {
  var result = value.withoutDerivative()
  guard let tape = inputs.first(where: { $0.tape != nil })?.tape else { return result }
  if !tape.isNested && inputs.allSatisfy({ $0.tape == nil || $0.tape === tape }) {
    result.nodeIndex = tape.record(
      result,
      pullback: pullback(inputs.map { $0.nodeIndex }, inputs.map { $0.withoutDerivative() }))
    result.tape = tape
    return result
  }
  return recordOnEveryTape(of: inputs, result) { tape, value in
    tape.record(
      value,
      pullback: pullback(
        inputs.map { $0.index(on: tape) }, inputs.map { $0.recorded(before: tape) }))
  }
}

extension Tensor {
  /// The same values, not recorded for differentiation: gradients do not flow through it.
  @inlinable
  public func withoutDerivative() -> Tensor {
    Tensor(shape: shape, storage: storage)
  }

  /// Whether this tensor is recorded on a tape (it depends on a value being differentiated).
  @inlinable
  public var isBeingDifferentiated: Bool { tape != nil }

  /// Makes this tensor a constant.
  @inlinable
  mutating func forgetRecording() {
    tape = nil
    nodeIndex = -1
  }

  /// This tensor as seen from tapes older than `tape`: its nodes on `tape` and newer tapes
  /// removed.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @usableFromInline
  func recorded(before tape: Tape<Scalar>) -> Tensor {
    var (current, index) = (self.tape, nodeIndex)
    while let newer = current, newer.generation >= tape.generation {
      (current, index) = (newer.nodes[index].value.tape, newer.nodes[index].value.nodeIndex)
    }
    return Tensor(shape: shape, storage: storage, tape: current, nodeIndex: index)
  }

  /// The index of this tensor's node on `tape`, or -1 if it is not recorded there.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @usableFromInline
  func index(on tape: Tape<Scalar>) -> Int {
    var (current, index) = (self.tape, nodeIndex)
    while let newer = current, newer.generation >= tape.generation {
      if newer === tape { return index }
      (current, index) = (newer.nodes[index].value.tape, newer.nodes[index].value.nodeIndex)
    }
    return -1
  }

  /// The tapes this tensor is recorded on, newest first.
  func tapes() -> [Tape<Scalar>] {
    var tapes: [Tape<Scalar>] = []
    var (current, index) = (self.tape, nodeIndex)
    while let newer = current {
      tapes.append(newer)
      (current, index) = (newer.nodes[index].value.tape, newer.nodes[index].value.nodeIndex)
    }
    return tapes
  }

  /// This tensor recorded as a new leaf of `tape` (on top of its recording on older tapes).
  ///
  /// Specialized, like ``index(on:)`` and ``recorded(before:)``: they are called from code
  /// generic over the model (the gradient's entry points), where an unspecialized body looked up
  /// the tape's node and array types' metadata on every call.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @usableFromInline
  func recordedAsLeaf(on tape: Tape<Scalar>) -> Tensor {
    var recorded = self
    recorded.recordAsLeaf(on: tape)
    return recorded
  }

  /// Records this tensor as a new leaf of `tape`, in place (see ``recordedAsLeaf(on:)``).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @usableFromInline
  mutating func recordAsLeaf(on tape: Tape<Scalar>) {
    if self.tape != nil { tape.isNested = true }
    nodeIndex = tape.record(self, pullback: .leaf)
    self.tape = tape
  }
}

/// Records `result` on every tape that one of `inputs` is recorded on, oldest first:
/// `record(tape, value)` appends the node of `value`, the result as seen from older tapes, and
/// returns its index.
private func recordOnEveryTape<Scalar>(
  of inputs: [Tensor<Scalar>], _ result: Tensor<Scalar>,
  _ record: (_ tape: Tape<Scalar>, _ value: Tensor<Scalar>) -> Int
) -> Tensor<Scalar> {
  var tapes: [Tape<Scalar>] = []
  for input in inputs {
    for tape in input.tapes() where !tapes.contains(where: { $0 === tape }) { tapes.append(tape) }
  }
  var result = result
  for tape in tapes.sorted(by: { $0.generation < $1.generation }) {
    if result.tape != nil { tape.isNested = true }
    let index = record(tape, result)
    (result.tape, result.nodeIndex) = (tape, index)
  }
  return result
}
