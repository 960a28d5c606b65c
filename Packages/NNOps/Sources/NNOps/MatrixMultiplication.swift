import Autodiff

/// The matrix product `a · b` of `[m, k]` and `[k, n]` matrices, a `[m, n]` matrix (CBLAS gemm).
///
/// ```swift
/// let a = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
/// matmul(a, Tensor(shape: [2, 1], scalars: [1, 1]))   // Tensor(shape: [2, 1], scalars: [3, 7])
/// ```
///
/// Pullback: `∂a = g · bᵀ`, `∂b = aᵀ · g`, computed with transposed reads, themselves recorded
/// (second derivatives through `matmul` are exact).
///
/// - Precondition: both are matrices and the inner dimensions agree.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func matmul<Scalar>(_ a: Tensor<Scalar>, _ b: Tensor<Scalar>) -> Tensor<Scalar> {
  matmul(a, transposed: false, b, transposed: false)
}

/// `op(a) · op(b)` where `op` transposes when asked, reading the transpose in place.
///
/// `matmul(x, transposed: false, w, transposed: true)` is `x · wᵀ` without materializing `wᵀ`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func matmul<Scalar>(
  _ a: Tensor<Scalar>, transposed transposeA: Bool, _ b: Tensor<Scalar>,
  transposed transposeB: Bool
) -> Tensor<Scalar> {
  precondition(
    a.rank == 2 && b.rank == 2,
    "matmul: expected two matrices (rank 2), got shapes \(a.shape) and \(b.shape); "
      + "reshape vectors to [1, n] or [n, 1]")
  let (m, k) = transposeA ? (a.shape[1], a.shape[0]) : (a.shape[0], a.shape[1])
  let (kB, n) = transposeB ? (b.shape[1], b.shape[0]) : (b.shape[0], b.shape[1])
  precondition(
    k == kB,
    "matmul: inner dimensions differ: \(describe(a.shape, transposeA)) · "
      + "\(describe(b.shape, transposeB)) (\(k) vs \(kB))")
  let value = Tensor<Scalar>(shape: [m, n]) { output in
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        GEMM.multiply(
          a.baseAddress!, transposed: transposeA, b.baseAddress!, transposed: transposeB,
          into: output.baseAddress!, m: m, n: n, k: k)
      }
    }
  }
  // Products of constants (those of a first-order backward pass) are not recorded: returning
  // here also saves allocating the two pullbacks' contexts, which capture the transposes.
  guard a.isBeingDifferentiated || b.isBeingDifferentiated else { return value }
  // C = op(A)·op(B). ∂op(A) = G·op(B)ᵀ, ∂op(B) = op(A)ᵀ·G; transpose back where op did. One
  // pullback per input: the gradient of a constant (the data of a first layer) is never computed.
  return differentiableOperation(
    of: a, b, value: value,
    pullbackOfFirst: { g, _, _, b in
      transposeA
        ? matmul(b, transposed: transposeB, g, transposed: true)
        : matmul(g, transposed: false, b, transposed: !transposeB)
    },
    pullbackOfSecond: { g, _, a, _ in
      transposeB
        ? matmul(g, transposed: true, a, transposed: transposeA)
        : matmul(a, transposed: !transposeA, g, transposed: false)
    })
}

private func describe(_ shape: [Int], _ transposed: Bool) -> String {
  transposed ? "\(shape)ᵀ" : "\(shape)"
}
