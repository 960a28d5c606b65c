// Gathering: picking slices along an axis by index (rows of a batch, embeddings by token). The
// pullback adds each upstream slice back where it was picked from (a scatter-add), whose own
// pullback is the gather again, so second derivatives flow through both.

extension Tensor {
  /// The slices of this tensor at `indices` along `axis`, in the order of `indices`.
  ///
  /// `result.shape` is `shape` with `shape[axis]` replaced by `indices.count`, and
  /// `result[…, k, …] = self[…, indices[k], …]` (NumPy's `take`, PyTorch's `index_select`).
  /// Indices may repeat (the pullback then sums the gradients of the copies) and appear in any
  /// order.
  ///
  /// ```swift
  /// let x = Tensor<Double>(shape: [3, 2], scalars: [1, 2, 3, 4, 5, 6])
  /// x.gathering(atIndices: [2, 0, 2], alongAxis: 0)   // rows: [[5, 6], [1, 2], [5, 6]]
  /// x.gathering(atIndices: [1], alongAxis: -1)        // column: [[2], [4], [6]]
  /// ```
  ///
  /// - Parameters:
  ///   - indices: Positions along `axis`, each in `0..<shape[axis]`.
  ///   - axis: The axis to pick along; negative values count from the end.
  /// - Complexity: O(result ``scalarCount``); contiguous slices are copied whole.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func gathering(atIndices indices: [Int], alongAxis axis: Int) -> Tensor {
    func call() -> String { "gathering(atIndices:alongAxis: \(axis))" }
    let axis = Self.nonnegativeAxis(axis, rank: rank, shape: shape, in: call())
    let layout = GatherLayout(shape: shape, axis: axis)
    for index in indices {
      precondition(
        0 <= index && index < layout.dimension,
        "\(call()): index \(index) is out of range for dimension \(axis) of shape \(shape); "
          + "indices must be in 0..<\(layout.dimension)")
    }
    var newShape = shape
    newShape[axis] = indices.count
    let value = Tensor(shape: newShape) { output in
      GatherKernels.gather(
        storage.pointer, layout: layout, indices: indices, into: output.baseAddress!)
    }
    return differentiableOperation(of: self, value: value) { upstream, _, x in
      upstream.scatteringAdd(atIndices: indices, alongAxis: axis, dimension: x.shape[axis])
    }
  }

  /// The adjoint of gathering: a tensor whose dimension `axis` is `dimension`, zero except that
  /// slice `k` of this tensor along `axis` is added at position `indices[k]`.
  func scatteringAdd(atIndices indices: [Int], alongAxis axis: Int, dimension: Int) -> Tensor {
    var newShape = shape
    newShape[axis] = dimension
    let layout = GatherLayout(shape: newShape, axis: axis)
    let value = Tensor(shape: newShape) { output in
      GatherKernels.scatterAdd(
        storage.pointer, layout: layout, indices: indices, into: output.baseAddress!)
    }
    return differentiableOperation(of: self, value: value) { upstream, _, _ in
      upstream.gathering(atIndices: indices, alongAxis: axis)
    }
  }
}

/// A shape seen as `[outer, dimension, inner]` around the gathered axis.
struct GatherLayout {
  /// The product of the dimensions before the axis.
  let outer: Int
  /// The size of the axis in the full (ungathered) tensor.
  let dimension: Int
  /// The product of the dimensions after the axis: the length of one contiguous slice.
  let inner: Int

  init(shape: [Int], axis: Int) {
    outer = shape[..<axis].reduce(1, *)
    dimension = shape[axis]
    inner = shape[(axis + 1)...].reduce(1, *)
  }
}

enum GatherKernels {
  /// `output[o, k, :] = input[o, indices[k], :]`, with `input` laid out as `layout`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func gather<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, layout: GatherLayout, indices: [Int],
    into output: UnsafeMutablePointer<Scalar>
  ) {
    let inner = layout.inner
    var out = output
    for o in 0..<layout.outer {
      let base = input + o * layout.dimension * inner
      if inner == 1 {
        for (k, index) in indices.enumerated() { out[k] = base[index] }
      } else {
        for (k, index) in indices.enumerated() {
          (out + k * inner).update(from: base + index * inner, count: inner)
        }
      }
      out += indices.count * inner
    }
  }

  /// `output[o, indices[k], :] += input[o, k, :]` over all `k`, into an `output` laid out as
  /// `layout` that starts at zero.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func scatterAdd<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, layout: GatherLayout, indices: [Int],
    into output: UnsafeMutablePointer<Scalar>
  ) {
    let inner = layout.inner
    output.initialize(repeating: 0, count: layout.outer * layout.dimension * inner)
    var source = input
    for o in 0..<layout.outer {
      let base = output + o * layout.dimension * inner
      for (k, index) in indices.enumerated() {
        let target = base + index * inner
        let slice = source + k * inner
        for j in 0..<inner { target[j] += slice[j] }
      }
      source += indices.count * inner
    }
  }
}
