import _WideKernels

extension GEMM {
  /// The multiply–adds `m·n·k` up to which a `Float` product runs in this project's AVX2 kernel
  /// (`protograd_sgemm_small_avx2`) rather than OpenBLAS, where the processor has AVX2 and FMA.
  ///
  /// One call at a time on one core, OpenBLAS 0.3.21's small-matrix kernels (AVX-512) are as
  /// fast or faster on `A·B` and `Aᵀ·B` (32×16·16×16: 0.56 µs ours against 0.46), but OpenBLAS
  /// has no such kernel for `A·Bᵀ` (300×5·5×3: 1.6 against 3.7; 32×16·16×16: 0.88 against 1.46)
  /// and is slower on the small outputs of weight gradients (3×300ᵀ·300×5: 0.66 against 1.34).
  /// Inside a training step every layout was faster in our kernel (OpenBLAS's calls there pay
  /// for code and buffers out of cache): sending only `A·Bᵀ` and outputs of up to 16 scalars to
  /// it made the small MLP's step 1.11 times and the README model's 1.06 times as long as
  /// sending every product. From 64×64·64×64 (2¹⁸) OpenBLAS is twice as fast.
  static let wideKernelWork = 1 << 15

  /// Whether ``multiplyInWideKernel(_:m:n:k:alpha:beta:row:)`` takes this product: a `Float`
  /// one of at most ``wideKernelWork`` multiply–adds whose `Bᵀ`, if transposed, is small enough
  /// to copy (``copiedTransposeScalars``).
  static func runsInWideKernel<Scalar>(
    _: Scalar.Type, m: Int, n: Int, k: Int, transposeB: Bool
  ) -> Bool {
    Scalar.self == Float.self && m &* n &* k <= wideKernelWork
      && (!transposeB || n &* k <= copiedTransposeScalars) && WideKernels.avx2FMA
  }

  /// `C ← α·op(A)·op(B) + β·C`, plus `row` added to each row if given, in the AVX2 kernel, for
  /// a product that ``runsInWideKernel(_:m:n:k:transposeB:)`` accepts (`Scalar` is `Float`); a
  /// transposed `B` is copied first, as for OpenBLAS (``withCopiedTranspose(of:n:k:_:)``).
  ///
  /// The row is added as each block of `C` is stored: a linear layer's output pre-filled with
  /// its bias and read back by the kernel's masked loads stalled on the stores just made (the
  /// README model's forward product took 40% longer).
  static func multiplyInWideKernel<Scalar: TensorScalar>(
    _ operands: Operands<Scalar>, m: Int, n: Int, k: Int, alpha: Scalar, beta: Scalar,
    row: UnsafePointer<Scalar>? = nil
  ) {
    let floats = { (pointer: UnsafePointer<Scalar>) in
      UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
    }
    if runsInNarrowKernel(operands, m: m, n: n, beta: beta) {
      return protograd_sgemm_narrow_nt_avx2(
        m, n, k, unsafeBitCast(alpha, to: Float.self), floats(operands.a), operands.lda,
        floats(operands.b), operands.ldb, row.map(floats),
        UnsafeMutableRawPointer(operands.c).assumingMemoryBound(to: Float.self), operands.ldc)
    }
    withCopiedTranspose(of: operands, n: n, k: k) { operands in
      protograd_sgemm_small_avx2(
        operands.transposeA ? 1 : 0, m, n, k, unsafeBitCast(alpha, to: Float.self),
        floats(operands.a), operands.lda, floats(operands.b), operands.ldb,
        unsafeBitCast(beta, to: Float.self), row.map(floats),
        UnsafeMutableRawPointer(operands.c).assumingMemoryBound(to: Float.self), operands.ldc)
    }
  }

  /// Whether ``multiplyInWideKernel(_:m:n:k:alpha:beta:row:)`` takes this product to the narrow
  /// kernel (`protograd_sgemm_narrow_nt_avx2`): `A · Bᵀ` with at most four columns and at least
  /// eight rows, written without reading C (β = 0). The general kernel uses n of its eight lanes
  /// per row of A there, after copying `Bᵀ`; the narrow one runs its lanes over eight rows of A
  /// and reads B in place, with the same results. The README model's 300×5·5×3 took 12.3k
  /// instructions in the general kernel (with the copy) and 7.5k in this one.
  static func runsInNarrowKernel<Scalar: TensorScalar>(
    _ operands: Operands<Scalar>, m: Int, n: Int, beta: Scalar
  )
    -> Bool
  {
    !operands.transposeA && operands.transposeB && n <= 4 && m >= 8 && beta == 0
  }
}
