// Differentiable reductions over all elements and back to a broadcast shape.

extension Tensor {
  /// The sum of all elements, as a zero-dimensional tensor.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum() -> Tensor {
    let total = withUnsafeBufferPointer { ReductionKernels.sum($0) }
    return record(of: self, value: Tensor(total), pullback: .sumOfAll, keepingInput: false)
  }

  /// The mean of all elements, as a zero-dimensional tensor (NaN for an empty tensor, like NumPy
  /// and `mean(alongAxes:)`).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func mean() -> Tensor {
    sum() / Scalar(scalarCount)
  }

  /// The sum of this tensor over the dimensions along which `shape` was broadcast to this
  /// tensor's shape: the adjoint of ``broadcast(toShape:)``, used by pullbacks of broadcasting
  /// operations.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum(toShape shape: [Int]) -> Tensor {
    if shape == self.shape { return self }
    precondition(
      broadcasts(shape, to: self.shape),
      "sum(toShape: \(shape)): the shape does not broadcast to this tensor's shape \(self.shape)")
    let reduced: Tensor
    if Tensor.scalarCount(of: shape) == 1 {
      // To a single element (a bias of one unit, a loss): one vectorized sum.
      let total = withUnsafeBufferPointer { ReductionKernels.sum($0) }
      reduced = Tensor(repeating: total, shape: shape)
    } else {
      reduced = Tensor(shape: shape) { output in
        ReductionKernels.sumBroadcast(
          storage.pointer, shape: self.shape, into: output.baseAddress!, shape: shape)
      }
    }
    return differentiableOperation(of: self, value: reduced) { g, _, x in
      g.broadcast(toShape: x.shape)
    }
  }

  /// This tensor repeated along dimensions of size 1 (and new leading dimensions) to `shape`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func broadcast(toShape shape: [Int]) -> Tensor {
    if shape == self.shape { return self }
    precondition(
      broadcasts(self.shape, to: shape),
      "broadcast(toShape:): shape \(self.shape) does not broadcast to \(shape)")
    let value: Tensor
    if scalarCount == 1 {
      // The pullback of every reduction to a scalar lands here: a fill, not a strided walk.
      value = Tensor(repeating: storage.pointer[0], shape: shape)
    } else {
      var zero: Scalar = 0
      value = Tensor(shape: shape) { output in
        BroadcastKernels.apply(
          .add, storage.pointer, shape: self.shape, &zero, shape: [], into: output.baseAddress!,
          shape: shape)
      }
    }
    return differentiableOperation(of: self, value: value) { g, _, x in g.sum(toShape: x.shape) }
  }
}

enum ReductionKernels {
  /// `Σᵢ xᵢ`, in 8 independent lanes so that the loop vectorizes.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func sum<Scalar: TensorScalar>(_ x: UnsafeBufferPointer<Scalar>) -> Scalar {
    guard let base = x.baseAddress else { return 0 }
    var lanes = SIMD8<Scalar>()
    var i = 0
    let raw = UnsafeRawPointer(base)
    while i + 8 <= x.count {
      lanes += raw.loadUnaligned(
        fromByteOffset: i * MemoryLayout<Scalar>.stride, as: SIMD8<Scalar>.self)
      i += 8
    }
    var total = lanes.sum()
    while i < x.count {
      total += base[i]
      i += 1
    }
    return total
  }

  /// Sums `input` (of shape `inputShape`) over the dimensions along which `outputShape`
  /// broadcasts to it, into `output`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func sumBroadcast<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, shape inputShape: [Int],
    into output: UnsafeMutablePointer<Scalar>, shape outputShape: [Int]
  ) {
    let outputCount = Tensor<Scalar>.scalarCount(of: outputShape)
    for i in 0..<outputCount { output[i] = 0 }
    let count = Tensor<Scalar>.scalarCount(of: inputShape)
    guard count > 0 else { return }
    if isTrailingBlock(outputShape, of: inputShape) {
      // The output repeats down the input's rows (a bias's gradient, a full sum): add whole
      // rows, a loop that vectorizes, instead of walking strides row by row.
      let rows = count / outputCount
      if outputCount < 8 {
        sumNarrowColumns(input, rows: rows, columns: outputCount, into: output)
        return
      }
      for row in 0..<rows {
        let source = input + row * outputCount
        for j in 0..<outputCount { output[j] += source[j] }
      }
      return
    }
    let rank = inputShape.count
    let strides = broadcastStrides(of: outputShape, to: inputShape)
    let rowLength = rank > 0 ? inputShape[rank - 1] : 1
    let step = rank > 0 ? strides[rank - 1] : 0
    var position = 0
    forEachStridedIndex(
      extents: inputShape.dropLast(), firstStrides: strides, secondStrides: strides
    ) { offset, _ in
      if step == 0 {
        var rowSum: Scalar = 0
        for j in 0..<rowLength { rowSum += input[position + j] }
        output[offset] += rowSum
      } else {
        for j in 0..<rowLength { output[offset + j * step] += input[position + j] }
      }
      position += rowLength
    }
  }

  /// The column sums of a row-major `[rows, columns]` matrix with fewer than 8 columns (a bias
  /// of 3 outputs) into `output`, vectorized: every 8 rows are `columns` whole vectors, and lane
  /// `l` of the block's vector `v` always belongs to column `(8v + l) mod columns`, so each
  /// vector position sums lane-wise down the blocks and is split into columns at the end. A
  /// running sum per column would be a chain of `rows` dependent additions.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func sumNarrowColumns<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, rows: Int, columns: Int,
    into output: UnsafeMutablePointer<Scalar>
  ) {
    precondition(0 < columns && columns < 8, "sumNarrowColumns: 1 to 7 columns")
    let blocks = rows / 8
    let blockStride = 8 * columns
    let raw = UnsafeRawPointer(input)
    for j in 0..<columns { output[j] = 0 }
    for vector in 0..<columns {
      var lanes = SIMD8<Scalar>()
      var offset = 8 * vector * MemoryLayout<Scalar>.stride
      for _ in 0..<blocks {
        lanes += raw.loadUnaligned(fromByteOffset: offset, as: SIMD8<Scalar>.self)
        offset += blockStride * MemoryLayout<Scalar>.stride
      }
      for lane in 0..<8 { output[(8 * vector + lane) % columns] += lanes[lane] }
    }
    for row in (8 * blocks)..<rows {
      for j in 0..<columns { output[j] += input[row * columns + j] }
    }
  }

  /// Whether `shape`, aligned at the last dimension, matches the trailing dimensions of
  /// `inputShape` and is 1 before them: then it is a contiguous block of every input row.
  private static func isTrailingBlock(_ shape: [Int], of inputShape: [Int]) -> Bool {
    let offset = inputShape.count - shape.count
    guard offset >= 0 else { return false }
    var axis = shape.count - 1
    while axis >= 0 && shape[axis] == inputShape[axis + offset] { axis -= 1 }
    while axis >= 0 {
      if shape[axis] != 1 { return false }
      axis -= 1
    }
    return true
  }
}
