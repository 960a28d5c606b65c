// Slicing: a rectangular block of a tensor. The pullback pads the gradient with zeros back to
// the input's shape; the pullback of padding is slicing again.

extension Tensor {
  /// The block of this tensor from `lowerBounds` (included) to `upperBounds` (excluded) along
  /// every axis.
  ///
  /// `result.shape[i] == upperBounds[i] - lowerBounds[i]`, and
  /// `result[j₀, …] = self[lowerBounds[0] + j₀, …]`, like NumPy's
  /// `x[l₀:u₀, l₁:u₁, …]`. The gradient is the upstream gradient padded with zeros.
  ///
  /// ```swift
  /// let x = Tensor<Double>(shape: [3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
  /// x.slice(lowerBounds: [1, 0], upperBounds: [3, 2])   // [[4, 5], [7, 8]]
  /// ```
  ///
  /// - Parameters:
  ///   - lowerBounds: One bound per axis, with `0 <= lowerBounds[i]`.
  ///   - upperBounds: One bound per axis, with `lowerBounds[i] <= upperBounds[i] <= shape[i]`.
  /// - Complexity: O(result ``scalarCount``); contiguous runs are copied whole.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func slice(lowerBounds: [Int], upperBounds: [Int]) -> Tensor {
    func call() -> String { "slice(lowerBounds: \(lowerBounds), upperBounds: \(upperBounds))" }
    precondition(
      lowerBounds.count == rank && upperBounds.count == rank,
      "\(call()): a tensor of shape \(shape) needs \(rank) lower and \(rank) upper bounds, "
        + "one per axis")
    for axis in 0..<rank {
      precondition(
        0 <= lowerBounds[axis] && lowerBounds[axis] <= upperBounds[axis]
          && upperBounds[axis] <= shape[axis],
        "\(call()): along axis \(axis) the range \(lowerBounds[axis])..<\(upperBounds[axis]) is "
          + "not within 0...\(shape[axis]) (shape \(shape)); bounds must satisfy "
          + "0 <= lower <= upper <= dimension")
    }
    if lowerBounds.allSatisfy({ $0 == 0 }) && upperBounds == shape { return self }
    let newShape = zip(lowerBounds, upperBounds).map { $1 - $0 }
    let value = Tensor(shape: newShape) { output in
      SliceKernels.copyBlock(
        shape: newShape, from: storage.pointer, shape: shape, at: lowerBounds,
        into: output.baseAddress!, shape: newShape, at: lowerBounds.map { _ in 0 })
    }
    return differentiableOperation(of: self, value: value) { upstream, _, x in
      upstream.padded(toShape: x.shape, at: lowerBounds)
    }
  }

  /// The rows `range` of this tensor: a slice along the first axis, keeping the others whole.
  ///
  /// Any range expression works: `x[2..<5]`, `x[2...4]`, `x[..<3]`, `x[1...]`. This is how a
  /// batch is split into minibatches. See ``slice(lowerBounds:upperBounds:)`` for slices along
  /// other axes.
  ///
  /// ```swift
  /// let x = Tensor<Double>(shape: [4, 2], scalars: [1, 2, 3, 4, 5, 6, 7, 8])
  /// x[1..<3]   // shape [2, 2]: [[3, 4], [5, 6]]
  /// x[2...]    // shape [2, 2]: [[5, 6], [7, 8]]
  /// ```
  ///
  /// - Precondition: The tensor has at least one axis, and `range` lies within
  ///   `0..<shape[0]`.
  public subscript<Rows: RangeExpression<Int>>(range: Rows) -> Tensor {
    precondition(rank > 0, "Tensor[\(range)]: a tensor of shape [] has no rows to slice")
    let rows = range.relative(to: 0..<shape[0])
    precondition(
      0 <= rows.lowerBound && rows.upperBound <= shape[0],
      "Tensor[\(range)]: rows \(rows) are not within 0..<\(shape[0]) (shape \(shape))")
    var lowerBounds = [Int](repeating: 0, count: rank)
    var upperBounds = shape
    lowerBounds[0] = rows.lowerBound
    upperBounds[0] = rows.upperBound
    return slice(lowerBounds: lowerBounds, upperBounds: upperBounds)
  }

  /// This tensor placed at `origin` inside a tensor of zeros of shape `newShape`: the adjoint of
  /// ``slice(lowerBounds:upperBounds:)``.
  func padded(toShape newShape: [Int], at origin: [Int]) -> Tensor {
    let value = Tensor(shape: newShape) { output in
      output.initialize(repeating: 0)
      SliceKernels.copyBlock(
        shape: shape, from: storage.pointer, shape: shape, at: origin.map { _ in 0 },
        into: output.baseAddress!, shape: newShape, at: origin)
    }
    let lowerBounds = origin
    let upperBounds = zip(origin, shape).map { $0 + $1 }
    return differentiableOperation(of: self, value: value) { upstream, _, _ in
      upstream.slice(lowerBounds: lowerBounds, upperBounds: upperBounds)
    }
  }
}

enum SliceKernels {
  /// Copies the block of shape `block` that starts at `sourceOrigin` in `source` (of shape
  /// `sourceShape`) to the block that starts at `targetOrigin` in `target` (of shape
  /// `targetShape`). Both tensors have the rank of `block`, which fits inside both.
  ///
  /// The trailing axes along which the block spans both tensors whole are copied as one
  /// contiguous run.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func copyBlock<Scalar: TensorScalar>(
    shape block: [Int],
    from source: UnsafePointer<Scalar>, shape sourceShape: [Int], at sourceOrigin: [Int],
    into target: UnsafeMutablePointer<Scalar>, shape targetShape: [Int], at targetOrigin: [Int]
  ) {
    let rank = block.count
    guard !block.contains(0) else { return }
    guard rank > 0 else {
      target.pointee = source.pointee
      return
    }
    // `runAxis` is the outermost axis of the contiguous run: every axis after it is whole.
    var runAxis = rank - 1
    while runAxis > 0 && block[runAxis] == sourceShape[runAxis]
      && block[runAxis] == targetShape[runAxis]
    {
      runAxis -= 1
    }
    let run = block[runAxis...].reduce(1, *)
    let sourceStrides = rowMajorStrides(sourceShape)
    let targetStrides = rowMajorStrides(targetShape)
    let sourceStart = zip(sourceOrigin, sourceStrides).reduce(0) { $0 + $1.0 * $1.1 }
    let targetStart = zip(targetOrigin, targetStrides).reduce(0) { $0 + $1.0 * $1.1 }
    forEachStridedIndex(
      extents: block[..<runAxis], firstStrides: sourceStrides, secondStrides: targetStrides
    ) { sourceOffset, targetOffset in
      let (from, to) = (sourceStart + sourceOffset, targetStart + targetOffset)
      if run == 1 {
        target[to] = source[from]
      } else {
        (target + to).update(from: source + from, count: run)
      }
    }
  }

  /// The distance in scalars between neighbours along each axis of a row-major `shape`.
  static func rowMajorStrides(_ shape: [Int]) -> [Int] {
    var strides = [Int](repeating: 1, count: shape.count)
    for axis in stride(from: shape.count - 2, through: 0, by: -1) {
      strides[axis] = strides[axis + 1] * shape[axis + 1]
    }
    return strides
  }
}
