// Concatenation: tensors joined along an axis. The pullback splits the gradient back into
// slices shaped like the inputs.

extension Tensor {
  /// The tensors of `tensors`, in order, joined along `axis`.
  ///
  /// The tensors must have the same rank and agree on every dimension except `axis`; the
  /// result's dimension `axis` is the sum of theirs (NumPy's `concatenate`, PyTorch's `cat`).
  /// The gradient of each input is its slice of the upstream gradient.
  ///
  /// ```swift
  /// let a = Tensor<Double>(shape: [1, 2], scalars: [1, 2])
  /// let b = Tensor<Double>(shape: [2, 2], scalars: [3, 4, 5, 6])
  /// Tensor(concatenating: [a, b])                 // shape [3, 2]: [[1, 2], [3, 4], [5, 6]]
  /// Tensor(concatenating: [b, b], alongAxis: -1)  // shape [2, 4]: [[3, 4, 3, 4], [5, 6, 5, 6]]
  /// ```
  ///
  /// - Parameters:
  ///   - tensors: At least one tensor, each of rank at least 1.
  ///   - axis: The axis to join along, by default the first (stacking batches); negative
  ///     values count from the end.
  /// - Complexity: O(result ``scalarCount``); contiguous runs are copied whole.
  public init(concatenating tensors: [Tensor], alongAxis axis: Int = 0) {
    func call() -> String { "Tensor(concatenating:alongAxis: \(axis))" }
    precondition(
      !tensors.isEmpty, "\(call()): there are no tensors to concatenate; pass at least one")
    let first = tensors[0].shape
    let axis = Self.nonnegativeAxis(axis, rank: first.count, shape: first, in: call())
    for (i, tensor) in tensors.enumerated().dropFirst() {
      precondition(
        tensor.rank == first.count
          && tensor.shape.indices.allSatisfy { $0 == axis || tensor.shape[$0] == first[$0] },
        "\(call()): tensor \(i) has shape \(tensor.shape) and tensor 0 has shape \(first); every "
          + "tensor must have the shape of the first except for dimension \(axis)")
    }
    if tensors.count == 1 {
      self = tensors[0]
      return
    }
    // Where each input starts along `axis` in the result, and where the last one ends.
    let offsets = tensors.reduce(into: [0]) { $0.append($0.last! + $1.shape[axis]) }
    var newShape = first
    newShape[axis] = offsets.last!
    let value = Tensor(shape: newShape) { output in
      let zeros = [Int](repeating: 0, count: newShape.count)
      for (tensor, offset) in zip(tensors, offsets) {
        var origin = zeros
        origin[axis] = offset
        SliceKernels.copyBlock(
          shape: tensor.shape, from: tensor.storage.pointer, shape: tensor.shape, at: zeros,
          into: output.baseAddress!, shape: newShape, at: origin)
      }
    }
    self = differentiableOperation(of: tensors, value: value) { upstream, _, inputs in
      inputs.indices.map { i in
        var lowerBounds = [Int](repeating: 0, count: newShape.count)
        var upperBounds = newShape
        lowerBounds[axis] = offsets[i]
        upperBounds[axis] = offsets[i + 1]
        return upstream.slice(lowerBounds: lowerBounds, upperBounds: upperBounds)
      }
    }
  }
}
