// Reverse mode: the gradient of a function of a model (or of a tensor), as a value of the
// model's own type.

/// The value of `f` at `x` and its pullback: the function that maps a gradient of the result to
/// the gradient of `x` (a vector–Jacobian product).
///
/// `x` is any vector whose leaves are tensors: a `Tensor`, a ``Model`` of tensors, an array of
/// them. The pullback may be called any number of times.
///
/// ```swift
/// let (y, pullback) = valueWithPullback(at: Tensor<Double>([1, 2])) { x in x * x }
/// pullback(Tensor([1, 1]))   // Tensor([2, 4])
/// ```
@inlinable
public func valueWithPullback<Input: VectorSpace>(
  at x: Input, in f: (Input) -> Tensor<Input.Scalar>
) -> (value: Tensor<Input.Scalar>, pullback: (Tensor<Input.Scalar>) -> Input)
where Input.Scalar: TensorScalar {
  let tape = Tape<Input.Scalar>.make()
  let (recorded, leaves) = recordLeaves(of: x, on: tape)
  let output = f(recorded)
  let outputIndex = output.index(on: tape)
  let value = output.recorded(before: tape)
  return (
    value,
    { seed in
      precondition(
        seed.shape == value.shape,
        "pullback: the gradient has shape \(seed.shape), the value has shape \(value.shape)")
      guard outputIndex >= 0 else { return x.zero }  // the result does not depend on x
      let gradients = tape.backpropagate(from: outputIndex, seed: seed)
      return gradientVector(like: x, leaves: leaves, gradients: gradients)
    }
  )
}

/// The pullback of `f` at `x` (see ``valueWithPullback(at:in:)``).
public func pullback<Input: VectorSpace>(
  at x: Input, in f: (Input) -> Tensor<Input.Scalar>
) -> (Tensor<Input.Scalar>) -> Input where Input.Scalar: TensorScalar {
  valueWithPullback(at: x, in: f).pullback
}

/// The value of `f` at `x` and the gradient of `f` at `x`, which has the type of `x`.
///
/// `f` returns a tensor with a single element (a loss). Gradients flow through everything `f`
/// does with tensors, including model algebra (`0.5 * lambda * dot(m, m)` as a weight decay).
///
/// ```swift
/// let (value, gradient) = valueWithGradient(at: model) { m in loss(m(x), y) }
/// ```
///
/// - Precondition: `f(x)` has exactly one element.
@inlinable
public func valueWithGradient<Input: VectorSpace>(
  at x: Input, in f: (Input) -> Tensor<Input.Scalar>
) -> (value: Input.Scalar, gradient: Input) where Input.Scalar: TensorScalar {
  // `valueWithPullback` without its closure: the gradient's leaves replace those of the recorded
  // copy of `x`, which is not needed afterwards, so no further copy of the model is made (the
  // `consume` below: without it, the recorded copy was copied once more to be passed).
  let tape = Tape<Input.Scalar>.make()
  let (recorded, leaves) = recordLeaves(of: x, on: tape)
  let output = f(recorded)
  precondition(
    output.scalarCount == 1,
    "valueWithGradient(at:in:): the function must return a single element, not shape "
      + "\(output.shape); use valueWithPullback(at:in:) for vector-valued functions")
  let outputIndex = output.index(on: tape)
  guard outputIndex >= 0 else { return (output.scalar, x.zero) }  // f does not depend on x
  let gradients = tape.backpropagate(from: outputIndex, seed: Tensor.ones(shape: output.shape))
  return (
    output.scalar,
    gradientVector(like: consume recorded, leaves: leaves, gradients: consume gradients)
  )
}

/// The gradient of `f` at `x`, of the type of `x` (see ``valueWithGradient(at:in:)``).
public func gradient<Input: VectorSpace>(
  at x: Input, in f: (Input) -> Tensor<Input.Scalar>
) -> Input where Input.Scalar: TensorScalar {
  valueWithGradient(at: x, in: f).gradient
}

/// The value of the two-argument function `f` at `(x, y)` and its gradients with respect to
/// both arguments.
public func valueWithGradient<First: VectorSpace, Second: VectorSpace<First.Scalar>>(
  at x: First, _ y: Second, in f: (First, Second) -> Tensor<First.Scalar>
) -> (value: First.Scalar, gradient: (First, Second)) where First.Scalar: TensorScalar {
  let tape = Tape<First.Scalar>.make()
  let (recordedX, leavesX) = recordLeaves(of: x, on: tape)
  let (recordedY, leavesY) = recordLeaves(of: y, on: tape)
  let output = f(recordedX, recordedY)
  precondition(
    output.scalarCount == 1,
    "valueWithGradient(at:_:in:): the function must return a single element, not shape "
      + "\(output.shape)")
  let outputIndex = output.index(on: tape)
  guard outputIndex >= 0 else { return (output.scalar, (x.zero, y.zero)) }
  let gradients = tape.backpropagate(from: outputIndex, seed: Tensor.ones(shape: output.shape))
  return (
    output.scalar,
    (
      gradientVector(like: consume recordedX, leaves: leavesX, gradients: gradients),
      gradientVector(like: consume recordedY, leaves: leavesY, gradients: consume gradients)
    )
  )
}

/// The gradients of the two-argument function `f` at `(x, y)`.
public func gradient<First: VectorSpace, Second: VectorSpace<First.Scalar>>(
  at x: First, _ y: Second, in f: (First, Second) -> Tensor<First.Scalar>
) -> (First, Second) where First.Scalar: TensorScalar {
  valueWithGradient(at: x, y, in: f).gradient
}

/// `x` with its tensors' recording removed: gradients do not flow through the result.
public func withoutDerivative<Value: VectorSpace>(at x: Value) -> Value
where Value.Scalar: TensorScalar {
  if let result = updatingInlineTensorLeaves(of: x, { tensor, _ in tensor.forgetRecording() }) {
    return result
  }
  var visitor = TensorLeafRewriter(root: x) { tensor, _ in tensor.withoutDerivative() }
  x.visitLeaves(&visitor)
  return visitor.root
}

/// `x` with every tensor leaf recorded as a leaf node of `tape`, and those nodes' indices.
@inlinable
func recordLeaves<Value: VectorSpace>(
  of x: Value, on tape: Tape<Value.Scalar>
) -> (Value, [Int]) where Value.Scalar: TensorScalar {
  var recorded = x
  var indices: [Int] = []
  let updated = updateInlineTensorLeaves(of: &recorded) { tensor, _ in
    tensor.recordAsLeaf(on: tape)
    indices.append(tensor.nodeIndex)
  }
  if updated { return (recorded, indices) }
  return recordLeavesByVisiting(x, on: tape)
}

/// ``recordLeaves(of:on:)`` for vectors whose leaves are not all inline tensors (arrays of
/// layers): through the generic leaf visitor, not specialized.
@usableFromInline
func recordLeavesByVisiting<Value: VectorSpace>(
  _ x: Value, on tape: Tape<Value.Scalar>
) -> (Value, [Int]) where Value.Scalar: TensorScalar {
  var indices: [Int] = []
  var visitor = TensorLeafRewriter(root: x) { tensor, _ in
    let recorded = tensor.recordedAsLeaf(on: tape)
    indices.append(recorded.nodeIndex)
    return recorded
  }
  x.visitLeaves(&visitor)
  return (visitor.root, indices)
}

/// A vector like `x` whose leaves are the gradients of the given leaf nodes (zero where none
/// flowed). Only the structure and the leaves' shapes of `x` are read: passing the recorded copy
/// of the model, which is not needed any more, saves a copy of the model.
@inlinable
func gradientVector<Value: VectorSpace>(
  like x: consuming Value, leaves: [Int], gradients: consuming [Tensor<Value.Scalar>?]
) -> Value where Value.Scalar: TensorScalar {
  var result = consume x
  var gradients = consume gradients
  let updated = updateInlineTensorLeaves(of: &result) { tensor, position in
    takeLeafGradient(&gradients, at: leaves[position], into: &tensor)
  }
  if updated { return result }
  return gradientVectorByVisiting(like: result, leaves: leaves, gradients: gradients)
}

/// ``gradientVector(like:leaves:gradients:)`` through the generic leaf visitor.
@usableFromInline
func gradientVectorByVisiting<Value: VectorSpace>(
  like x: Value, leaves: [Int], gradients: consuming [Tensor<Value.Scalar>?]
) -> Value where Value.Scalar: TensorScalar {
  var gradients = consume gradients
  var next = 0
  var visitor = TensorLeafRewriter(root: x) { tensor, _ in
    defer { next += 1 }
    var gradient = tensor
    takeLeafGradient(&gradients, at: leaves[next], into: &gradient)
    return gradient
  }
  x.visitLeaves(&visitor)
  return visitor.root
}

/// Replaces `tensor` by the gradient of the leaf node `index`, moved out of `gradients` (each
/// leaf's gradient is taken once), or by zeros like it where none flowed.
///
/// Specialized apart from ``gradientVector(like:leaves:gradients:)``, which is generic over the
/// model: there, unwrapping the optional gradient looked up `Optional<Tensor>`'s metadata for
/// every leaf.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
@usableFromInline
func takeLeafGradient<Scalar: TensorScalar>(
  _ gradients: inout [Tensor<Scalar>?], at index: Int, into tensor: inout Tensor<Scalar>
) {
  if index < gradients.count, let gradient = gradients[index].take() {
    tensor = gradient
    return
  }
  tensor = tensor.withoutDerivative().zero
}

/// Replaces every tensor leaf of a vector by a rewritten one; traps on leaves that are not
/// tensors, which cannot be differentiated.
struct TensorLeafRewriter<Root: VectorSpace>: LeafVisitor where Root.Scalar: TensorScalar {
  var root: Root
  let rewrite: (Tensor<Root.Scalar>, String) -> Tensor<Root.Scalar>

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    // A comparison of types rather than a cast of the accessor (`as? LeafAccessor<Root,
    // Tensor<…>>`): the dynamic cast instantiated the metadata of both accessor types and
    // was most of the cost of this visitor for a small model.
    guard Leaf.self == Tensor<Root.Scalar>.self else {
      preconditionFailure(
        "\(Root.self).\(name) is a \(Leaf.self); differentiation needs every parameter to be a "
          + "Tensor<\(Root.Scalar.self)>. Use a tensor (shape [] for a single number), or make "
          + "the property a `let` if it is not a parameter.")
    }
    let rewrite = rewrite
    leaf.modify(in: &root) { value in
      withUnsafeMutablePointer(to: &value) {
        rewriteTensor(at: UnsafeMutableRawPointer($0), named: name, with: rewrite)
      }
    }
  }
}

/// Replaces the tensor at `leaf` by its rewrite.
///
/// Called from the visitor, which is generic over the model and never specialized; callgrind
/// shows that the generic body runs there (the `Float`/`Double` specializations serve
/// specialized callers only). It replaces an `as?` cast of the accessor and a `value(in:)` plus
/// `set(in:to:)` pair, which cost more per leaf.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func rewriteTensor<Scalar: TensorScalar>(
  at leaf: UnsafeMutableRawPointer, named name: String,
  with rewrite: (Tensor<Scalar>, String) -> Tensor<Scalar>
) {
  let tensor = leaf.assumingMemoryBound(to: Tensor<Scalar>.self)
  tensor.pointee = rewrite(tensor.pointee, name)
}
