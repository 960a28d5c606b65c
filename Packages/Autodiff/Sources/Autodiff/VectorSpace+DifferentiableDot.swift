/// The inner product `Σᵢ aᵢ · bᵢ` of two models of tensors, as a zero-dimensional tensor that
/// gradients flow through.
///
/// Swift picks it where the context needs a tensor, so model algebra inside an objective is
/// differentiated; elsewhere `dot` is the plain scalar of `VectorSpace`:
///
/// ```swift
/// let (value, g) = valueWithGradient(at: model) { m in
///   loss(m) + 0.5 * dot(m, m)                 // a Tensor: the weight decay has a gradient
/// }
/// let d = dot(model, g)                         // a Double
/// ```
///
/// In `loss(m) + lambda * dot(m, m)` with a scalar *variable* `lambda`, Swift 6.3 types the
/// product as scalar arithmetic, which would drop the gradient of the decay; the scalar `dot`
/// traps with an explanation instead. Write `lambda * (dot(m, m) as Tensor<Double>)` there.
@_disfavoredOverload
public func dot<M: Model>(_ a: M, _ b: M) -> Tensor<M.Scalar> where M.Scalar: TensorScalar {
  differentiableDot(a, b)
}

/// `Σᵢ aᵢ · bᵢ` over the tensor leaves of two vectors, recorded for differentiation.
func differentiableDot<Vector: VectorSpace>(_ a: Vector, _ b: Vector) -> Tensor<Vector.Scalar>
where Vector.Scalar: TensorScalar {
  var visitor = DifferentiableDot(lhs: a, rhs: b)
  a.visitLeaves(&visitor)
  return visitor.total ?? Tensor(0)
}

struct DifferentiableDot<Root: VectorSpace>: LeafVisitor where Root.Scalar: TensorScalar {
  let lhs: Root
  let rhs: Root
  var total: Tensor<Root.Scalar>?

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    guard let tensorLeaf = leaf as? LeafAccessor<Root, Tensor<Root.Scalar>> else {
      preconditionFailure(
        "dot: \(Root.self).\(name) is a \(Leaf.self), not a Tensor; a differentiable dot needs "
          + "tensor parameters")
    }
    let product = (tensorLeaf.value(in: lhs) * tensorLeaf.value(in: rhs)).sum()
    total = total.map { $0 + product } ?? product
  }
}
