// Reductions along axes: differentiable sums, means and extrema, and the (not differentiable)
// positions of the extrema.
//
// Axes count from 0 at the outermost dimension; negative axes count from the end, as in NumPy
// (-1 is the last axis). An axis outside `-rank..<rank` is a precondition failure.

extension Tensor {
  /// The sum over the given axes: `yⱼ = Σ xᵢ` over the elements `i` whose indices agree with `j`
  /// outside `axes`.
  ///
  /// The reduced dimensions are removed, or kept with size 1 if `keepingDimensions` is true (so
  /// that the result broadcasts against `self`). No axes means no reduction.
  ///
  /// ```swift
  /// let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
  /// x.sum(alongAxes: [0]).scalars                                  // [5.0, 7.0, 9.0]
  /// x.sum(alongAxes: [-1], keepingDimensions: true).shape          // [2, 1]
  /// x.sum(alongAxes: [0, 1]).scalars                               // [21.0]
  /// ```
  ///
  /// - Precondition: every axis is in `-rank..<rank`, and none is given twice.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let reduced = normalizedAxes(axes, in: "sum(alongAxes:)")
    if reduced.isEmpty { return self }
    var kept = shape
    for axis in reduced { kept[axis] = 1 }
    let sums = Tensor(shape: kept) { output in
      ReductionKernels.sumBroadcast(
        storage.pointer, shape: shape, into: output.baseAddress!, shape: kept)
    }
    let value =
      keepingDimensions
      ? sums : Tensor(shape: remainingShape(after: reduced), storage: sums.storage)
    // A constant's sum (as in a first-order backward pass, softmax's pullback) is not recorded:
    // returning here also saves allocating the pullback's context, which captures `kept`.
    guard isBeingDifferentiated else { return value }
    return differentiableOperation(of: self, value: value) { g, _, x in
      g.reshaped(to: kept).broadcast(toShape: x.shape)
    }
  }

  /// The sum over one axis (see ``sum(alongAxes:keepingDimensions:)``).
  ///
  /// ```swift
  /// Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]).sum(alongAxis: 1).scalars
  /// // [6.0, 15.0]
  /// ```
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func sum(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    sum(alongAxes: [axis], keepingDimensions: keepingDimensions)
  }

  /// The mean over the given axes: their sum divided by the number of elements reduced, `n`.
  ///
  /// Shapes are as for ``sum(alongAxes:keepingDimensions:)``; an axis of size 0 gives NaN
  /// (`0 / 0`), like NumPy.
  ///
  /// ```swift
  /// let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
  /// x.mean(alongAxes: [0]).scalars   // [2.5, 3.5, 4.5]
  /// ```
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func mean(alongAxes axes: [Int], keepingDimensions: Bool = false) -> Tensor {
    let reduced = normalizedAxes(axes, in: "mean(alongAxes:)")
    let count = reduced.reduce(1) { $0 * shape[$1] }
    return sum(alongAxes: reduced, keepingDimensions: keepingDimensions) / Scalar(count)
  }

  /// The mean over one axis (see ``mean(alongAxes:keepingDimensions:)``).
  ///
  /// ```swift
  /// Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6]).mean(alongAxis: -1).scalars
  /// // [2.0, 5.0]
  /// ```
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func mean(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    mean(alongAxes: [axis], keepingDimensions: keepingDimensions)
  }

  /// The largest element, as a zero-dimensional tensor: `y = maxᵢ xᵢ`.
  ///
  /// The gradient goes to the largest element, to the first one (in row-major order) on a tie.
  /// A NaN element makes the result NaN.
  ///
  /// ```swift
  /// let x = Tensor<Double>([3, 7, 7, 1])
  /// x.max().scalar                                  // 7.0
  /// gradient(at: x) { x in x.max() }.scalars        // [0.0, 1.0, 0.0, 0.0]
  /// ```
  ///
  /// - Precondition: the tensor is not empty.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func max() -> Tensor {
    extreme(.maximum, outer: 1, length: scalarCount, inner: 1, kept: [], result: [], "max()")
  }

  /// The smallest element, as a zero-dimensional tensor: `y = minᵢ xᵢ`; the gradient goes to
  /// the first smallest element (see ``max()``).
  ///
  /// ```swift
  /// Tensor<Double>([3, 1, 7, 1]).min().scalar   // 1.0
  /// ```
  ///
  /// - Precondition: the tensor is not empty.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func min() -> Tensor {
    extreme(.minimum, outer: 1, length: scalarCount, inner: 1, kept: [], result: [], "min()")
  }

  /// The largest element along `axis`: `y[…, j, …] = maxₖ x[…, k, j, …]`.
  ///
  /// `axis` is removed from the shape, or kept with size 1 if `keepingDimensions` is true. The
  /// gradient goes to the largest element of each slice, the first along `axis` on a tie (the one
  /// ``argmax(alongAxis:)`` names).
  ///
  /// ```swift
  /// let x = Tensor<Double>(shape: [2, 3], scalars: [1, 9, 3, 8, 5, 8])
  /// x.max(alongAxis: 1).scalars   // [9.0, 8.0]
  /// x.max(alongAxis: 0).scalars   // [8.0, 9.0, 8.0]
  /// ```
  ///
  /// - Precondition: `axis` is in `-rank..<rank`, and its dimension is not 0.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func max(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    extreme(.maximum, alongAxis: axis, keepingDimensions: keepingDimensions, "max(alongAxis:)")
  }

  /// The smallest element along `axis` (see ``max(alongAxis:keepingDimensions:)``).
  ///
  /// ```swift
  /// Tensor<Double>(shape: [2, 3], scalars: [1, 9, 3, 8, 5, 8]).min(alongAxis: 1).scalars
  /// // [1.0, 5.0]
  /// ```
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func min(alongAxis axis: Int, keepingDimensions: Bool = false) -> Tensor {
    extreme(.minimum, alongAxis: axis, keepingDimensions: keepingDimensions, "min(alongAxis:)")
  }

  /// The index along `axis` of the largest element of each slice, the first on a tie; a NaN
  /// counts as the largest. Not differentiable.
  ///
  /// The result has one index per element of the reduced shape (`shape` without `axis`), in
  /// row-major order: for a `[batch, classes]` tensor of scores and `axis` 1, the predicted class
  /// of each sample.
  ///
  /// ```swift
  /// let x = Tensor<Double>(shape: [2, 3], scalars: [1, 9, 3, 8, 5, 8])
  /// x.argmax(alongAxis: 1)   // [1, 0]
  /// x.argmax(alongAxis: 0)   // [1, 0, 1]
  /// ```
  ///
  /// - Precondition: `axis` is in `-rank..<rank`, and its dimension is not 0.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func argmax(alongAxis axis: Int) -> [Int] {
    extremePositions(.maximum, alongAxis: axis, "argmax(alongAxis:)").indices
  }

  /// The index along `axis` of the smallest element of each slice, the first on a tie (see
  /// ``argmax(alongAxis:)``).
  ///
  /// ```swift
  /// Tensor<Double>(shape: [2, 3], scalars: [1, 9, 3, 8, 5, 8]).argmin(alongAxis: 1)   // [0, 1]
  /// ```
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func argmin(alongAxis axis: Int) -> [Int] {
    extremePositions(.minimum, alongAxis: axis, "argmin(alongAxis:)").indices
  }

  private func extreme(
    _ extremum: Extremum, alongAxis axis: Int, keepingDimensions: Bool, _ function: String
  ) -> Tensor {
    let a = normalizedAxes([axis], in: function)[0]
    var kept = shape
    kept[a] = 1
    var result = shape
    result.remove(at: a)
    let outer = shape[..<a].reduce(1, *)
    let inner = shape[(a + 1)...].reduce(1, *)
    return extreme(
      extremum, outer: outer, length: shape[a], inner: inner, kept: kept,
      result: keepingDimensions ? kept : result, function)
  }

  /// The extrema of the `outer × inner` slices of `length` elements each (stride `inner`).
  private func extreme(
    _ extremum: Extremum, outer: Int, length: Int, inner: Int, kept: [Int], result: [Int],
    _ function: String
  ) -> Tensor {
    let (values, indices) = extremePositions(
      extremum, outer: outer, length: length, inner: inner, function)
    let value = Tensor(shape: result, scalars: values)
    // The selection is piecewise constant in x, so the positions found here are a constant of
    // every derivative: the pullback routes `g` through a fixed one-hot mask.
    return differentiableOperation(of: self, value: value) { g, _, x in
      let mask = Tensor(shape: x.shape) { output in
        AxisExtremumKernels.oneHot(
          indices, outer: outer, length: length, inner: inner, into: output.baseAddress!)
      }
      return mask * g.reshaped(to: kept).broadcast(toShape: x.shape)
    }
  }

  private func extremePositions(
    _ extremum: Extremum, alongAxis axis: Int, _ function: String
  ) -> (values: [Scalar], indices: [Int]) {
    let a = normalizedAxes([axis], in: function)[0]
    return extremePositions(
      extremum, outer: shape[..<a].reduce(1, *), length: shape[a],
      inner: shape[(a + 1)...].reduce(1, *), function)
  }

  private func extremePositions(
    _ extremum: Extremum, outer: Int, length: Int, inner: Int, _ function: String
  ) -> (values: [Scalar], indices: [Int]) {
    precondition(
      length > 0, "\(function): the reduced dimension of a tensor of shape \(shape) is empty")
    var values = [Scalar](repeating: 0, count: outer * inner)
    var indices = [Int](repeating: 0, count: outer * inner)
    values.withUnsafeMutableBufferPointer { values in
      indices.withUnsafeMutableBufferPointer { indices in
        AxisExtremumKernels.extreme(
          extremum, storage.pointer, outer: outer, length: length, inner: inner,
          values: values.baseAddress!, indices: indices.baseAddress!)
      }
    }
    return (values, indices)
  }

  /// The shape without the dimensions `reduced` (sorted, non-negative).
  private func remainingShape(after reduced: [Int]) -> [Int] {
    var remaining: [Int] = []
    remaining.reserveCapacity(rank - reduced.count)
    for axis in shape.indices where !reduced.contains(axis) { remaining.append(shape[axis]) }
    return remaining
  }

  /// `axes` made non-negative and sorted, checked against the rank.
  private func normalizedAxes(_ axes: [Int], in function: String) -> [Int] {
    var normalized = axes.map {
      Self.nonnegativeAxis($0, rank: rank, shape: shape, in: function)
    }
    normalized.sort()
    // Neighbours in sorted order, not a `Set`: reductions run every training step (softmax's
    // pullback), and the set was an allocation and a hash per call.
    precondition(
      zip(normalized, normalized.dropFirst()).allSatisfy { $0 < $1 },
      "\(function): axes \(axes) name a dimension twice (shape \(shape))")
    return normalized
  }
}

enum AxisExtremumKernels {
  /// For each of the `outer × inner` slices of `input` (`length` elements, stride `inner`), the
  /// extreme value and its index along the slice: the first on a tie; a NaN beats any number.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func extreme<Scalar: TensorScalar>(
    _ extremum: Extremum, _ input: UnsafePointer<Scalar>, outer: Int, length: Int, inner: Int,
    values: UnsafeMutablePointer<Scalar>, indices: UnsafeMutablePointer<Int>
  ) {
    switch extremum {
    case .maximum:
      run(input, outer, length, inner, values, indices) { $0 > $1 || ($0.isNaN && !$1.isNaN) }
    case .minimum:
      run(input, outer, length, inner, values, indices) { $0 < $1 || ($0.isNaN && !$1.isNaN) }
    }
  }

  /// A tensor of zeros with a 1 at each slice's selected index.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func oneHot<Scalar: TensorScalar>(
    _ indices: [Int], outer: Int, length: Int, inner: Int, into output: UnsafeMutablePointer<Scalar>
  ) {
    output.initialize(repeating: 0, count: outer * length * inner)
    for o in 0..<outer {
      for j in 0..<inner {
        output[(o * length + indices[o * inner + j]) * inner + j] = 1
      }
    }
  }

  /// Walks each slab row by row (`inner` contiguous scalars at a time) so that memory is read in
  /// order whichever axis is reduced.
  @inline(__always)
  private static func run<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, _ outer: Int, _ length: Int, _ inner: Int,
    _ values: UnsafeMutablePointer<Scalar>, _ indices: UnsafeMutablePointer<Int>,
    _ isBetter: (_ candidate: Scalar, _ best: Scalar) -> Bool
  ) {
    for o in 0..<outer {
      let slab = input + o * length * inner
      let best = values + o * inner
      let position = indices + o * inner
      for j in 0..<inner {
        best[j] = slab[j]
        position[j] = 0
      }
      for k in 1..<length {
        let row = slab + k * inner
        for j in 0..<inner where isBetter(row[j], best[j]) {
          best[j] = row[j]
          position[j] = k
        }
      }
    }
  }
}
