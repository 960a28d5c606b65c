@_spi(Kernels) import Parallelism

extension GEMM {
  /// The multiply–adds `m·n·k` from which a product below ``parallelWork`` is split into two
  /// halves computed at once on two threads (each a single-threaded CBLAS call, see
  /// ``forEachPart(of:parts:_:)``), when ``KernelThreads/count`` allows two.
  ///
  /// The products of a training step sit between the two limits: 784→100 at batch 128 is 10⁷
  /// multiply–adds, about 150 µs on one core; handing half of it to a polling worker takes under
  /// a microsecond (see `SpinningWorkers.swift` and `KernelThreads.swift`).
  static let splitWork = 1 << 21

  /// `c = alpha · op(a) · op(b) + beta · c` as two products on two threads, each computing half
  /// of the rows of `c` (or half of its columns, when it has fewer rows than columns).
  ///
  /// Each element of `c` is computed by one call, whatever the split: the result is the same on
  /// every run with the same thread count.
  static func multiplyInHalves<Scalar: TensorScalar>(
    _ operands: Operands<Scalar>, m: Int, n: Int, k: Int, alpha: Scalar, beta: Scalar
  ) {
    let splitRows = m >= n
    forEachPart(of: splitRows ? m : n, parts: 2) { _, range in
      let (start, count) = (range.lowerBound, range.count)
      var slice = operands
      if splitRows {
        // Rows `start..<start+count` of c come from the same rows of op(a) and all of op(b).
        slice.a += operands.transposeA ? start : start * operands.lda
        slice.c += start * operands.ldc
        multiply(slice, m: count, n: n, k: k, alpha: alpha, beta: beta)
      } else {
        // Columns of c come from the same columns of op(b) and all of op(a).
        slice.b += operands.transposeB ? start * operands.ldb : start
        slice.c += start
        multiply(slice, m: m, n: count, k: k, alpha: alpha, beta: beta)
      }
    }
  }
}
