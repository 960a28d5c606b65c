import Autodiff
import _CBLAS

/// `C ← α·op(A)·op(B) + β·C` on row-major matrices through CBLAS (`sgemm` / `dgemm`), where
/// `op(X)` is `X` or `Xᵀ`: transposes are read in place, never materialized, except the right
/// operand's of a small `A · Bᵀ`, which OpenBLAS computes faster from a copy (``smallWork``).
/// The smallest `Float` products run in this project's AVX2 kernel instead
/// (``wideKernelWork``).
enum GEMM {
  /// The multiply–adds `m·n·k` from which a product runs on ``KernelThreads/count`` OpenBLAS
  /// threads; smaller ones run on the calling thread (see `KernelThreads.swift` for the policy
  /// and the measurements behind this value).
  static let parallelWork = 1 << 26

  /// - Parameters:
  ///   - a: `[m, k]` (or `[k, m]` when `transposeA`).
  ///   - b: `[k, n]` (or `[n, k]` when `transposeB`).
  ///   - c: `[m, n]`, written (`beta == 0`) or accumulated into.
  ///   - lda, ldb, ldc: The distance between rows of `a`, `b` and `c` as stored, when they are
  ///     parts of wider matrices; by default the stored matrices' column counts.
  ///   - row: `n` scalars added to each row of the result (a linear layer's bias), only with
  ///     `beta == 0`: `C ← α·op(A)·op(B) + 1·row`.
  ///   - threaded: Whether a large product may run on several threads (in halves or on
  ///     OpenBLAS's); `false` from code that already runs in parallel parts.
  static func multiply<Scalar: TensorScalar>(
    _ a: UnsafePointer<Scalar>, transposed transposeA: Bool,
    _ b: UnsafePointer<Scalar>, transposed transposeB: Bool,
    into c: UnsafeMutablePointer<Scalar>, m: Int, n: Int, k: Int,
    alpha: Scalar = 1, beta: Scalar = 0, plusRow row: UnsafePointer<Scalar>? = nil,
    lda: Int? = nil, ldb: Int? = nil, ldc: Int? = nil, threaded: Bool = true
  ) {
    precondition(row == nil || beta == 0, "GEMM.multiply: a row is added only with β = 0")
    guard m > 0, n > 0 else { return }
    let ldc = ldc ?? n
    guard k > 0 else {
      if let row {
        fillRows(c, m: m, n: n, ldc: ldc, with: row)
      } else if beta == 0 {
        for i in 0..<m { (c + i * ldc).update(repeating: 0, count: n) }
      }
      return
    }
    let work = m * n * k
    useOpenBLASThreads(threaded && work >= parallelWork ? KernelThreads.count : 1)
    let operands = Operands(
      a: a, transposeA: transposeA, lda: lda ?? (transposeA ? m : k),
      b: b, transposeB: transposeB, ldb: ldb ?? (transposeB ? k : n), c: c, ldc: ldc)
    if runsInWideKernel(Scalar.self, m: m, n: n, k: k, transposeB: transposeB) {
      return multiplyInWideKernel(operands, m: m, n: n, k: k, alpha: alpha, beta: beta, row: row)
    }
    var beta = beta
    if let row {
      // OpenBLAS adds `C` instead: the rows filled first, and β = 1.
      fillRows(c, m: m, n: n, ldc: ldc, with: row)
      beta = 1
    }
    if transposeB, !transposeA, work <= smallWork, n * k <= copiedTransposeScalars {
      multiplyByCopiedTranspose(operands, m: m, n: n, k: k, alpha: alpha, beta: beta)
    } else if threaded, work >= splitWork, work < parallelWork, KernelThreads.count >= 2 {
      multiplyInHalves(operands, m: m, n: n, k: k, alpha: alpha, beta: beta)
    } else {
      multiply(operands, m: m, n: n, k: k, alpha: alpha, beta: beta)
    }
  }

  /// Each of the `m` rows of `c` (`ldc` apart) set to the `n` scalars of `row`: when the rows
  /// are contiguous, the first row and then copies of the rows filled so far, a few calls to
  /// `memmove` instead of one per row (which was 6% of the step of a model with 3 outputs).
  static func fillRows<Scalar>(
    _ c: UnsafeMutablePointer<Scalar>, m: Int, n: Int, ldc: Int, with row: UnsafePointer<Scalar>
  ) {
    guard ldc == n else {
      for i in 0..<m { (c + i * ldc).update(from: row, count: n) }
      return
    }
    c.update(from: row, count: n)
    var filled = 1
    while filled < m {
      let rows = min(filled, m - filled)
      (c + filled * n).update(from: c, count: rows * n)
      filled += rows
    }
  }

  /// The operands of one CBLAS call: pointers, whether each is transposed, leading dimensions.
  struct Operands<Scalar>: @unchecked Sendable {
    var a: UnsafePointer<Scalar>
    var transposeA: Bool
    var lda: Int
    var b: UnsafePointer<Scalar>
    var transposeB: Bool
    var ldb: Int
    var c: UnsafeMutablePointer<Scalar>
    var ldc: Int
  }

  /// One CBLAS gemm on the calling thread (or OpenBLAS's, as set).
  static func multiply<Scalar: TensorScalar>(
    _ operands: Operands<Scalar>, m: Int, n: Int, k: Int, alpha: Scalar, beta: Scalar
  ) {
    let (a, b, c) = (operands.a, operands.b, operands.c)
    let (lda, ldb, ldc) = (Int32(operands.lda), Int32(operands.ldb), Int32(operands.ldc))
    let opA = operands.transposeA ? CblasTrans : CblasNoTrans
    let opB = operands.transposeB ? CblasTrans : CblasNoTrans
    if Scalar.self == Float.self {
      cblas_sgemm(
        CblasRowMajor, opA, opB, Int32(m), Int32(n), Int32(k), Float(alpha),
        UnsafeRawPointer(a).assumingMemoryBound(to: Float.self), lda,
        UnsafeRawPointer(b).assumingMemoryBound(to: Float.self), ldb, Float(beta),
        UnsafeMutableRawPointer(c).assumingMemoryBound(to: Float.self), ldc)
    } else if Scalar.self == Double.self {
      cblas_dgemm(
        CblasRowMajor, opA, opB, Int32(m), Int32(n), Int32(k), Double(alpha),
        UnsafeRawPointer(a).assumingMemoryBound(to: Double.self), lda,
        UnsafeRawPointer(b).assumingMemoryBound(to: Double.self), ldb, Double(beta),
        UnsafeMutableRawPointer(c).assumingMemoryBound(to: Double.self), ldc)
    } else {
      preconditionFailure("matrix multiplication supports Float and Double, not \(Scalar.self)")
    }
  }
}
