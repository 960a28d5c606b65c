extension GEMM {
  /// The multiply–adds `m·n·k` up to which a product `A · Bᵀ` is computed as `A · B'` from a
  /// copy `B'` of `Bᵀ` (see ``multiplyByCopiedTranspose(_:m:n:k:alpha:beta:)``).
  ///
  /// Measured with OpenBLAS 0.3.21 on this project's machines (`matmul_small_*` rows of the
  /// benchmark, one thread): a row-major `A · Bᵀ` of this size or less takes about twice as
  /// long as `A · B` of the same size (300×5 · 5×3: 3.1 µs against 1.3 µs; 32×16 · 16×16: 1.5
  /// against 0.8; 64×64 · 64×64: 8.8 against 4.4), while at 128×128 · 128×64 they are within 7%.
  /// A linear layer's forward pass is `x · weightᵀ`. `Float` products of up to
  /// ``wideKernelWork`` multiply–adds run in the AVX2 kernel instead, where there is one.
  static let smallWork = 1 << 18

  /// The most scalars of `Bᵀ` copied for a small product: a layer's weights, not a convolution's
  /// image columns (a LeNet filter gradient's `Bᵀ` holds 9,600 to 14,400 scalars per image, and
  /// copying them made its training step 1.5 times slower).
  static let copiedTransposeScalars = 1 << 12

  /// `C ← α·op(A)·Bᵀ + β·C` as `α·op(A)·B' + β·C`, where `B'` is `Bᵀ` copied into a scratch
  /// buffer, `k` rows of `n` scalars: the `n·k` copies cost less than OpenBLAS's own handling of
  /// the transposed operand at these sizes.
  ///
  /// With `β ≠ 0` (a linear layer's output pre-filled with its bias), the product is computed
  /// with `β = 0` into a second scratch buffer and added to `C`: OpenBLAS's small-matrix kernel
  /// that reads `C` took 2.9 times as long as the one that does not on the README model's
  /// forward pass (300×5 · 5×3), more than the added pass over `C`.
  ///
  /// The scratch buffers (``withCopiedTranspose(of:n:k:_:)``) are on the stack up to 1 KB and
  /// from `malloc` above (the cost is in the timings quoted). The results may differ in the last
  /// bits from OpenBLAS's transposed read (another kernel, and `α·A·B'` rounded before `β·C` is
  /// added), and so between batch sizes on either side of ``smallWork``.
  static func multiplyByCopiedTranspose<Scalar: TensorScalar>(
    _ operands: Operands<Scalar>, m: Int, n: Int, k: Int, alpha: Scalar, beta: Scalar
  ) {
    withCopiedTranspose(of: operands, n: n, k: k) { untransposed in
      guard beta != 0 else {
        return multiply(untransposed, m: m, n: n, k: k, alpha: alpha, beta: 0)
      }
      var untransposed = untransposed
      withUnsafeTemporaryAllocation(of: Scalar.self, capacity: m * n) { product in
        let product = product.baseAddress!
        (untransposed.c, untransposed.ldc) = (product, n)
        multiply(untransposed, m: m, n: n, k: k, alpha: alpha, beta: 0)
        // Rows of C one after another form one run (a linear layer's output): one loop over
        // it, in vectors, rather than a loop per row of a few scalars.
        let (rows, columns) = operands.ldc == n ? (1, m &* n) : (m, n)
        for i in 0..<rows {
          let (row, target) = (product + i &* n, operands.c + i &* operands.ldc)
          for j in 0..<columns { target[j] = row[j] + beta * target[j] }
        }
      }
    }
  }

  /// `body` called with `operands` whose transposed `B` (stored `[n, k]`, rows `ldb` apart) is
  /// replaced by a scratch copy of its transpose, `[k, n]`, read as is; `operands` unchanged when
  /// `B` is not transposed. The scratch buffer is on the stack up to 1 KB, from `malloc` above.
  static func withCopiedTranspose<Scalar: TensorScalar>(
    of operands: Operands<Scalar>, n: Int, k: Int, _ body: (Operands<Scalar>) -> Void
  ) {
    guard operands.transposeB else { return body(operands) }
    withUnsafeTemporaryAllocation(of: Scalar.self, capacity: k * n) { copy in
      let copy = copy.baseAddress!
      TransposeKernels.transposeMatrix(
        operands.b, rows: n, columns: k, pitch: operands.ldb, into: copy)
      var untransposed = operands
      (untransposed.b, untransposed.transposeB, untransposed.ldb) = (UnsafePointer(copy), false, n)
      body(untransposed)
    }
  }
}
