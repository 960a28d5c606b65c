// The fast path of recording a model's parameters and assembling its gradient: when every leaf
// is a tensor stored inline (see `VectorSpace`'s inline leaf layout), the leaves are rewritten
// by byte offset, with no generic visitor per leaf.

/// `x` with each tensor leaf replaced by `rewrite(leaf, position)`, positions counting leaves in
/// canonical order; `nil` when the leaves of `Value` are not all inline tensors.
@inlinable
func rewritingInlineTensorLeaves<Value: VectorSpace>(
  of x: Value, _ rewrite: (Tensor<Value.Scalar>, Int) -> Tensor<Value.Scalar>
) -> Value? where Value.Scalar: TensorScalar {
  var result = x
  return rewriteInlineTensorLeaves(of: &result, rewrite) ? result : nil
}

/// Replaces each tensor leaf of `x` in place by `rewrite(leaf, position)`; `false`, with `x`
/// unchanged, when the leaves of `Value` are not all inline tensors.
@inlinable
func rewriteInlineTensorLeaves<Value: VectorSpace>(
  of x: inout Value, _ rewrite: (Tensor<Value.Scalar>, Int) -> Tensor<Value.Scalar>
) -> Bool where Value.Scalar: TensorScalar {
  x.withInlineLeaves(of: Tensor<Value.Scalar>.self) { base, offsets in
    for (position, offset) in offsets.enumerated() {
      let leaf = (base + offset).assumingMemoryBound(to: Tensor<Value.Scalar>.self)
      leaf.pointee = rewrite(leaf.pointee, position)
    }
  }
}
