// The fast path of recording a model's parameters and assembling its gradient: when every leaf
// is a tensor stored inline (see `VectorSpace`'s inline leaf layout), the leaves are updated in
// place by byte offset, with no generic visitor per leaf.

/// `x` with `update(&leaf, position)` applied to each tensor leaf, positions counting leaves in
/// canonical order; `nil` when the leaves of `Value` are not all inline tensors.
@inlinable
func updatingInlineTensorLeaves<Value: VectorSpace>(
  of x: Value, _ update: (inout Tensor<Value.Scalar>, Int) -> Void
) -> Value? where Value.Scalar: TensorScalar {
  var result = x
  return updateInlineTensorLeaves(of: &result, update) ? result : nil
}

/// Applies `update(&leaf, position)` to each tensor leaf of `x`, in place; `false`, with `x`
/// unchanged, when the leaves of `Value` are not all inline tensors.
///
/// In place rather than by replacing each leaf: a replacement retained the new tensor's shape and
/// storage and released the old one's, two reference counts each per leaf for a tensor that
/// keeps both.
@inlinable
func updateInlineTensorLeaves<Value: VectorSpace>(
  of x: inout Value, _ update: (inout Tensor<Value.Scalar>, Int) -> Void
) -> Bool where Value.Scalar: TensorScalar {
  x.withInlineLeaves(of: Tensor<Value.Scalar>.self) { base, offsets in
    for (position, offset) in offsets.enumerated() {
      update(&(base + offset).assumingMemoryBound(to: Tensor<Value.Scalar>.self).pointee, position)
    }
  }
}
