// Softmax and log-softmax along an axis, numerically stable.
//
// Both subtract the maximum of each slice before exponentiating, so no exponential exceeds 1
// and large inputs do not overflow. The pullbacks are tensor operations on the handed `value`,
// so Hessian-vector products through them are exact.

/// The softmax along `axis`: `yᵢ = eˣⁱ / Σⱼ eˣʲ` within each slice along that axis, so every
/// slice of the result is a probability distribution.
///
/// Computed as `e^(xᵢ − m) / Σⱼ e^(xⱼ − m)` with `m` the slice's maximum: `softmax([1000, 1001])`
/// is `[0.2689…, 0.7310…]`, not NaN. The pullback is `∂L/∂x = y ⊙ (g − Σⱼ gⱼyⱼ)`.
///
/// ```swift
/// softmax(Tensor<Double>([1000, 1001])).scalars   // [0.2689414213699951, 0.7310585786300049]
/// let x = Tensor<Double>(shape: [2, 2], scalars: [0, 0, 1, 3])
/// softmax(x, alongAxis: 0).scalars
/// // [0.2689414213699951, 0.04742587317756678, 0.7310585786300049, 0.9525741268224334]
/// ```
///
/// - Parameters:
///   - x: The scores (logits).
///   - axis: The axis along which the result sums to 1; negative values count from the end.
///     The default, -1, is the last axis: the classes of a `[batch, classes]` tensor.
/// - Precondition: `axis` is in `-rank..<rank` (`-1` or `0` for a zero-dimensional tensor, which
///   is treated as one slice of one element).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func softmax<Scalar>(_ x: Tensor<Scalar>, alongAxis axis: Int = -1) -> Tensor<Scalar> {
  let slices = SoftmaxSlices(shape: x.shape, axis: axis, "softmax(_:alongAxis:)")
  let value = x.softmaxed(slices, logarithm: false)
  return differentiableOperation(of: x, value: value) { g, value, _ in
    value * (g - (g * value).sum(alongAxes: slices.axes, keepingDimensions: true))
  }
}

/// The logarithm of the softmax along `axis`: `yᵢ = xᵢ − log Σⱼ eˣʲ` within each slice.
///
/// Computed as `(xᵢ − m) − log Σⱼ e^(xⱼ − m)` with `m` the slice's maximum, which is accurate
/// where `log(softmax(x))` underflows to `-∞`. The pullback is `∂L/∂x = g − eʸ ⊙ Σⱼ gⱼ`.
///
/// ```swift
/// logSoftmax(Tensor<Double>([0, 1000])).scalars   // [-1000.0, 0.0]
/// ```
///
/// - Parameters:
///   - x: The scores (logits).
///   - axis: The axis of the slices; negative values count from the end (see
///     ``softmax(_:alongAxis:)``).
/// - Precondition: `axis` is in `-rank..<rank` (`-1` or `0` for a zero-dimensional tensor).
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func logSoftmax<Scalar>(_ x: Tensor<Scalar>, alongAxis axis: Int = -1) -> Tensor<Scalar> {
  let slices = SoftmaxSlices(shape: x.shape, axis: axis, "logSoftmax(_:alongAxis:)")
  let value = x.softmaxed(slices, logarithm: true)
  return differentiableOperation(of: x, value: value) { g, value, _ in
    g - exp(value) * g.sum(alongAxes: slices.axes, keepingDimensions: true)
  }
}

/// A tensor viewed as `[outer, length, inner]` around the softmax axis.
struct SoftmaxSlices {
  let outer: Int
  let length: Int
  let inner: Int
  /// The axis to sum over in the pullbacks: empty for a zero-dimensional tensor, whose single
  /// element is its own slice.
  let axes: [Int]

  init(shape: [Int], axis: Int, _ function: String) {
    let rank = shape.count
    let range = rank == 0 ? -1..<1 : -rank..<rank
    precondition(
      range.contains(axis),
      "\(function): axis \(axis) is out of range for a tensor of shape \(shape) (rank \(rank))")
    guard rank > 0 else {
      (outer, length, inner, axes) = (1, 1, 1, [])
      return
    }
    let axis = axis < 0 ? axis + rank : axis
    outer = shape[..<axis].reduce(1, *)
    length = shape[axis]
    inner = shape[(axis + 1)...].reduce(1, *)
    axes = [axis]
  }
}

extension Tensor {
  /// The softmax (or its logarithm) of every slice (not recorded).
  func softmaxed(_ slices: SoftmaxSlices, logarithm: Bool) -> Tensor {
    withUnsafeBufferPointer { input in
      Tensor(shape: shape) { output in
        guard output.count > 0 else { return }
        SoftmaxKernels.softmax(
          input.baseAddress!, into: output.baseAddress!, outer: slices.outer,
          length: slices.length, inner: slices.inner, logarithm: logarithm)
      }
    }
  }
}

enum SoftmaxKernels {
  /// Softmax over the middle axis of an `[outer, length, inner]` array. Each block of `inner`
  /// contiguous columns is processed together, so every loop reads memory in order whichever
  /// axis is reduced. With `logarithm`, writes the log-softmax instead.
  ///
  /// - Precondition: `outer`, `length` and `inner` are positive.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func softmax<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>,
    outer: Int, length: Int, inner: Int, logarithm: Bool
  ) {
    if inner == 1 {
      // Blocks one column wide: running along each row instead lets the exponentials vectorize.
      return softmaxOfRows(input, into: output, rows: outer, length: length, logarithm: logarithm)
    }
    let maxima = UnsafeMutablePointer<Scalar>.allocate(capacity: inner)
    let sums = UnsafeMutablePointer<Scalar>.allocate(capacity: inner)
    defer {
      maxima.deallocate()
      sums.deallocate()
    }
    for o in 0..<outer {
      let x = input + o * length * inner
      let y = output + o * length * inner
      maxima.update(from: x, count: inner)
      for k in 1..<length {
        let row = x + k * inner
        // A NaN maximum is not needed: a NaN element makes its slice's sum, hence result, NaN.
        for i in 0..<inner where row[i] > maxima[i] { maxima[i] = row[i] }
      }
      sums.update(repeating: 0, count: inner)
      for k in 0..<length {
        let (row, result) = (x + k * inner, y + k * inner)
        for i in 0..<inner {
          let e = exponential(row[i] - maxima[i])
          result[i] = e
          sums[i] += e
        }
      }
      if logarithm {
        for i in 0..<inner { sums[i] = .log(sums[i]) }
        for k in 0..<length {
          let (row, result) = (x + k * inner, y + k * inner)
          for i in 0..<inner { result[i] = (row[i] - maxima[i]) - sums[i] }
        }
      } else {
        for i in 0..<inner { sums[i] = 1 / sums[i] }
        for k in 0..<length {
          let result = y + k * inner
          for i in 0..<inner { result[i] *= sums[i] }
        }
      }
    }
  }

  /// Softmax along contiguous rows (the last axis). The shifted logits are written row by row,
  /// then every exponential is taken in one pass over the whole buffer, which vectorizes however
  /// short the rows are (a classifier's 10 classes); the log-softmax keeps its loops along each
  /// row, which need the shifted logits after the sum.
  @inline(__always)
  private static func softmaxOfRows<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>,
    rows: Int, length: Int, logarithm: Bool
  ) {
    for row in 0..<rows {
      let (x, y) = (input + row * length, output + row * length)
      var maximum = x[0]
      for k in 1..<length where x[k] > maximum { maximum = x[k] }
      if logarithm {
        for k in 0..<length { y[k] = exponential(x[k] - maximum) }
        var sum: Scalar = 0
        for k in 0..<length { sum += y[k] }
        let logSum = Scalar.log(sum)
        for k in 0..<length { y[k] = (x[k] - maximum) - logSum }
      } else {
        for k in 0..<length { y[k] = x[k] - maximum }
      }
    }
    guard !logarithm else { return }
    for i in 0..<(rows * length) { output[i] = exponential(output[i]) }
    for row in 0..<rows {
      let y = output + row * length
      var sum: Scalar = 0
      for k in 0..<length { sum += y[k] }
      let inverse = 1 / sum
      for k in 0..<length { y[k] *= inverse }
    }
  }
}
