// Reshaping: the same scalars in the same row-major order under another shape. The result shares
// the input's storage (no copy); copy-on-write keeps both values independent.

extension Tensor {
  /// The same scalars, in the same row-major order, with shape `newShape`.
  ///
  /// One dimension of `newShape` may be `-1`: it is inferred so that the scalar count is
  /// unchanged. The result shares this tensor's storage, so reshaping copies nothing; writing to
  /// either one later copies first (copy-on-write). The pullback reshapes the gradient back.
  ///
  /// ```swift
  /// let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
  /// x.reshaped(to: [3, -1])   // shape [3, 2]: [[1, 2], [3, 4], [5, 6]]
  /// x.reshaped(to: [-1])      // shape [6]
  /// ```
  ///
  /// - Parameter newShape: The new dimensions; their product is ``scalarCount``, with at most
  ///   one `-1` standing for the dimension that makes it so.
  /// - Complexity: O(rank), independent of the scalar count.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func reshaped(to newShape: [Int]) -> Tensor {
    let resolved = Self.resolvingInferredDimension(of: newShape, reshaping: shape)
    if resolved == shape { return self }
    return differentiableOperation(of: self, value: Tensor(shape: resolved, storage: storage)) {
      upstream, _, x in upstream.reshaped(to: x.shape)
    }
  }

  /// This tensor with a new dimension of size 1 inserted at `axis`.
  ///
  /// `axis` is a position in the result: `0` prepends, `-1` appends, like NumPy's
  /// `expand_dims`. Shares storage like ``reshaped(to:)``.
  ///
  /// ```swift
  /// let row = Tensor<Double>([1, 2, 3])
  /// row.expandingShape(at: 0).shape    // [1, 3]
  /// row.expandingShape(at: -1).shape   // [3, 1]
  /// ```
  ///
  /// - Parameter axis: In `-(rank + 1)...rank`; negative values count from the end.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func expandingShape(at axis: Int) -> Tensor {
    let position = Self.nonnegativeAxis(
      axis, rank: rank + 1, shape: shape, in: "expandingShape(at: \(axis))")
    var newShape = shape
    newShape.insert(1, at: position)
    return reshaped(to: newShape)
  }

  /// This tensor with the dimension of size 1 at `axis` removed.
  ///
  /// The inverse of ``expandingShape(at:)``. Shares storage like ``reshaped(to:)``.
  ///
  /// ```swift
  /// let column = Tensor<Double>(shape: [3, 1], scalars: [1, 2, 3])
  /// column.squeezingShape(at: 1).shape    // [3]
  /// ```
  ///
  /// - Parameter axis: In `-rank..<rank`; negative values count from the end.
  /// - Precondition: `shape[axis] == 1`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func squeezingShape(at axis: Int) -> Tensor {
    let position = Self.nonnegativeAxis(
      axis, rank: rank, shape: shape, in: "squeezingShape(at: \(axis))")
    precondition(
      shape[position] == 1,
      "squeezingShape(at: \(axis)): dimension \(position) of shape \(shape) is \(shape[position]), "
        + "not 1; only a dimension of size 1 can be removed (use reshaped(to:) to merge dimensions)"
    )
    var newShape = shape
    newShape.remove(at: position)
    return reshaped(to: newShape)
  }

  /// `newShape` with its `-1` (if any) replaced by the dimension that keeps the scalar count of
  /// `shape`; traps with a message naming both shapes if that is impossible.
  static func resolvingInferredDimension(of newShape: [Int], reshaping shape: [Int]) -> [Int] {
    let count = scalarCount(of: shape)
    let inferred = newShape.indices.filter { newShape[$0] == -1 }
    let known = newShape.filter { $0 != -1 }
    func call() -> String { "reshaped(to: \(newShape))" }
    precondition(
      inferred.count <= 1,
      "\(call()): only one dimension can be -1 (inferred); give the others explicitly")
    precondition(
      known.allSatisfy { $0 >= 0 },
      "\(call()): dimensions must be non-negative, or -1 for the one to infer")
    let knownCount = known.reduce(1, *)
    guard let inferredAxis = inferred.first else {
      precondition(
        knownCount == count,
        "\(call()): a tensor of shape \(shape) has \(count) scalars, the new shape holds "
          + "\(knownCount); the product of the dimensions must be \(count)")
      return newShape
    }
    precondition(
      knownCount != 0,
      "\(call()): the -1 dimension cannot be inferred when the other dimensions multiply to 0")
    precondition(
      count % knownCount == 0,
      "\(call()): a tensor of shape \(shape) has \(count) scalars, not divisible by \(knownCount) "
        + "(the product of the other dimensions); no dimension can replace -1")
    var resolved = newShape
    resolved[inferredAxis] = count / knownCount
    return resolved
  }

  /// `axis` as an index into a shape of `rank` dimensions, counting a negative `axis` from the
  /// end (NumPy); traps with a message naming `operation` and `shape` if it is out of range.
  static func nonnegativeAxis(
    _ axis: Int, rank: Int, shape: [Int], in operation: @autoclosure () -> String
  ) -> Int {
    precondition(
      -rank <= axis && axis < rank,
      "\(operation()): axis \(axis) is out of range for shape \(shape); "
        + (rank == 0 ? "there is no valid axis" : "use an axis in \(-rank)..<\(rank)"))
    return axis < 0 ? axis + rank : axis
  }
}
