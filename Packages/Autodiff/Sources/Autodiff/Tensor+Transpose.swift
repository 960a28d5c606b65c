// Transposition: permuting the axes of a tensor. The pullback applies the inverse permutation.

extension Tensor {
  /// This tensor with the order of its axes reversed; for a matrix, its transpose.
  ///
  /// `result.shape` is `shape.reversed()`, and `result[i₀, …, iₙ] = self[iₙ, …, i₀]`.
  ///
  /// ```swift
  /// let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
  /// x.transposed()   // shape [3, 2]: [[1, 4], [2, 5], [3, 6]]
  /// ```
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func transposed() -> Tensor {
    transposed(permutation: Array((0..<rank).reversed()))
  }

  /// This tensor with its axes reordered: axis `i` of the result is axis `permutation[i]` of
  /// this tensor.
  ///
  /// `result.shape[i] == shape[permutation[i]]`, like NumPy's `transpose(x, axes)` and
  /// PyTorch's `permute`. Negative entries count from the end. When the permutation moves no
  /// scalar (it only reorders dimensions of size 1), the result shares this tensor's storage.
  ///
  /// ```swift
  /// let images = Tensor<Double>.zeros(shape: [8, 28, 28, 3])   // NHWC
  /// images.transposed(permutation: [0, 3, 1, 2]).shape          // [8, 3, 28, 28]: NCHW
  /// ```
  ///
  /// - Parameter permutation: Each axis of this tensor exactly once.
  /// - Complexity: O(``scalarCount``); matrices are transposed in cache-sized tiles.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func transposed(permutation: [Int]) -> Tensor {
    func call() -> String { "transposed(permutation: \(permutation))" }
    precondition(
      permutation.count == rank,
      "\(call()): a tensor of shape \(shape) has \(rank) axes; list each of them once")
    let axes = permutation.map { Self.nonnegativeAxis($0, rank: rank, shape: shape, in: call()) }
    precondition(
      Set(axes).count == rank,
      "\(call()): an axis is repeated; list each axis of shape \(shape) (0..<\(rank)) once")
    if axes == Array(0..<rank) { return self }
    let newShape = axes.map { shape[$0] }
    let (blockShape, blockPermutation) = TransposeKernels.collapse(shape: shape, permutation: axes)
    let value: Tensor
    if blockPermutation == Array(blockPermutation.indices) {
      value = Tensor(shape: newShape, storage: storage)
    } else {
      value = Tensor(shape: newShape) { output in
        TransposeKernels.permute(
          storage.pointer, shape: blockShape, permutation: blockPermutation,
          into: output.baseAddress!)
      }
    }
    var inverse = [Int](repeating: 0, count: rank)
    for (i, axis) in axes.enumerated() { inverse[axis] = i }
    return differentiableOperation(of: self, value: value) { upstream, _, _ in
      upstream.transposed(permutation: inverse)
    }
  }
}

@usableFromInline
package enum TransposeKernels {
  /// The smallest shape and permutation that move scalars exactly like `shape` permuted by
  /// `permutation`: dimensions of size 1 are dropped, and axes that stay adjacent and in order
  /// are merged into one.
  static func collapse(shape: [Int], permutation: [Int]) -> (shape: [Int], permutation: [Int]) {
    // Number the axes that are not of size 1, then gather runs of them that are adjacent in
    // the output and in the input: (first axis, size).
    var compact = [Int](repeating: -1, count: shape.count)
    for (i, axis) in shape.indices.filter({ shape[$0] != 1 }).enumerated() { compact[axis] = i }
    var runs: [(axis: Int, size: Int)] = []
    var previous = -2
    for axis in permutation where shape[axis] != 1 {
      if compact[axis] == previous + 1, let last = runs.popLast() {
        runs.append((last.axis, last.size * shape[axis]))
      } else {
        runs.append((compact[axis], shape[axis]))
      }
      previous = compact[axis]
    }
    let inputOrder = runs.indices.sorted { runs[$0].axis < runs[$1].axis }
    var position = [Int](repeating: 0, count: runs.count)
    for (i, run) in inputOrder.enumerated() { position[run] = i }
    return (inputOrder.map { runs[$0].size }, position)
  }

  /// Writes `input` (of shape `shape`) with its axes permuted by `permutation` to `output`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func permute<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, shape: [Int], permutation: [Int],
    into output: UnsafeMutablePointer<Scalar>
  ) {
    let count = Tensor<Scalar>.scalarCount(of: shape)
    guard count > 0 else { return }
    if shape.count == 2 && permutation == [1, 0] {
      transposeMatrix(input, rows: shape[0], columns: shape[1], into: output)
      return
    }
    let rank = shape.count
    var inputStrides = [Int](repeating: 1, count: rank)
    for axis in stride(from: rank - 2, through: 0, by: -1) {
      inputStrides[axis] = inputStrides[axis + 1] * shape[axis + 1]
    }
    let outputShape = permutation.map { shape[$0] }
    let strides = permutation.map { inputStrides[$0] }  // input stride of each output axis
    let rowLength = outputShape[rank - 1]
    let step = strides[rank - 1]
    var out = 0
    forEachStridedIndex(
      extents: outputShape.dropLast(), firstStrides: strides, secondStrides: strides
    ) { offset, _ in
      if step == 1 {
        (output + out).update(from: input + offset, count: rowLength)
      } else {
        for j in 0..<rowLength { output[out + j] = input[offset + j * step] }
      }
      out += rowLength
    }
  }

  /// `output[j, i] = input[i, j]` for a `rows × columns` matrix whose rows start `pitch`
  /// scalars apart (by default `columns`: stored whole), tile by tile so that both the reads and
  /// the writes of a tile stay in cache.
  @inlinable
  package static func transposeMatrix<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, rows: Int, columns: Int, pitch: Int? = nil,
    into output: UnsafeMutablePointer<Scalar>
  ) {
    let pitch = pitch ?? columns
    let tile = 32
    for rowStart in stride(from: 0, to: rows, by: tile) {
      let rowEnd = min(rowStart + tile, rows)
      for columnStart in stride(from: 0, to: columns, by: tile) {
        let columnEnd = min(columnStart + tile, columns)
        for i in rowStart..<rowEnd {
          let (row, column) = (input + i &* pitch, output + i)
          for j in columnStart..<columnEnd { column[j &* rows] = row[j] }
        }
      }
    }
  }
}
