@_spi(Kernels) import Parallelism

/// The fused loops that all vector algebra ends in: one pass over contiguous storage each.
///
/// Every kernel is pre-specialized for `Float` and `Double` (`@_specialize`), so callers that
/// reach it through unspecialized generic code (a model's leaves are found at run time) still run
/// a vectorized loop, never per-scalar witness calls. Operands may alias the output. The
/// elementwise kernels split vectors of ``parallelLength`` scalars or more into slices that run
/// on the kernel threads (``KernelThreads``): every element is computed the same way whatever
/// the split, so results do not depend on the thread count.
public enum VectorKernels {
  /// The length from which an elementwise kernel runs in parallel, in slices of at least half
  /// this length: a first layer's weights (784→100: 78,400 scalars), whose update in a training
  /// step otherwise runs on one core while the other waits (7% of the MLP step's critical path).
  public static let parallelLength = 1 << 15

  /// Calls `body` on slices that split `0..<count`: in parallel from ``parallelLength`` on.
  @inline(__always)
  static func forEachSlice(of count: Int, _ body: (Range<Int>) -> Void) {
    guard count >= parallelLength else { return body(0..<count) }
    Parallelism.forEachSlice(of: count, minimumPerPart: parallelLength / 2, body)
  }

  /// Writes `value` to every element of `output`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func fill<Scalar: VectorScalar>(
    _ output: UnsafeMutableBufferPointer<Scalar>, with value: Scalar
  ) {
    guard let o = output.baseAddress else { return }
    for i in 0..<output.count { o[i] = value }
  }

  /// `output ← a + factor · b`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func linearCombination<Scalar: VectorScalar>(
    _ a: UnsafeBufferPointer<Scalar>, _ b: UnsafeBufferPointer<Scalar>, scaledBy factor: Scalar,
    into output: UnsafeMutableBufferPointer<Scalar>
  ) {
    guard let o = output.baseAddress, let x = a.baseAddress, let y = b.baseAddress else { return }
    forEachSlice(of: output.count) { slice in
      if factor == 1 {
        for i in slice { o[i] = x[i] + y[i] }
      } else if factor == -1 {
        for i in slice { o[i] = x[i] - y[i] }
      } else {
        for i in slice { o[i] = x[i] + factor * y[i] }
      }
    }
  }

  /// `output ← factor · a`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func scale<Scalar: VectorScalar>(
    _ a: UnsafeBufferPointer<Scalar>, by factor: Scalar,
    into output: UnsafeMutableBufferPointer<Scalar>
  ) {
    guard let o = output.baseAddress, let x = a.baseAddress else { return }
    forEachSlice(of: output.count) { slice in for i in slice { o[i] = factor * x[i] } }
  }

  /// `output ← output + factor · a` (BLAS's axpy).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func axpy<Scalar: VectorScalar>(
    _ a: UnsafeBufferPointer<Scalar>, scaledBy factor: Scalar,
    into output: UnsafeMutableBufferPointer<Scalar>
  ) {
    guard let o = output.baseAddress, let x = a.baseAddress else { return }
    forEachSlice(of: output.count) { slice in for i in slice { o[i] += factor * x[i] } }
  }

  /// `Σᵢ aᵢ · bᵢ`, accumulated in 16 independent SIMD lanes so the loop vectorizes (the
  /// summation order differs from a left-to-right loop by rounding only).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func dot<Scalar: VectorScalar>(
    _ a: UnsafeBufferPointer<Scalar>, _ b: UnsafeBufferPointer<Scalar>
  ) -> Scalar {
    guard let x = a.baseAddress, let y = b.baseAddress else { return 0 }
    let count = a.count
    let rawX = UnsafeRawPointer(x)
    let rawY = UnsafeRawPointer(y)
    let stride = MemoryLayout<Scalar>.stride
    var sum0 = SIMD8<Scalar>()
    var sum1 = SIMD8<Scalar>()
    var i = 0
    while i + 16 <= count {
      let x0 = rawX.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Scalar>.self)
      let y0 = rawY.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Scalar>.self)
      let x1 = rawX.loadUnaligned(fromByteOffset: (i + 8) * stride, as: SIMD8<Scalar>.self)
      let y1 = rawY.loadUnaligned(fromByteOffset: (i + 8) * stride, as: SIMD8<Scalar>.self)
      // Separate multiply and add: `addProduct` is a call to `fma` per lane on targets built
      // without FMA (the x86-64 baseline), several times slower than vector mul + add.
      sum0 += x0 * y0
      sum1 += x1 * y1
      i += 16
    }
    var total = (sum0 + sum1).sum()
    while i < count {
      total += x[i] * y[i]
      i += 1
    }
    return total
  }
}
