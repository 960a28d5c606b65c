import XCTest

@testable import NNOps

/// The AVX2 kernel for small `Float` products (`GEMM.multiplyInWideKernel`), against a triple
/// loop in `Double`: every layout, every remainder of its four-row blocks and eight-column
/// vectors, parts of wider matrices, α and β.
final class GEMMWideKernelTests: XCTestCase {
  override func setUpWithError() throws {
    try XCTSkipUnless(WideKernels.avx2FMA, "this processor has no AVX2 and FMA")
  }

  func testEveryBlockRemainderAndLayoutMatchesTheTripleLoop() {
    for m in [1, 2, 3, 4, 5, 9] {
      for n in [1, 2, 7, 8, 9, 16, 17, 33] {
        for k in [1, 3, 17] {
          for (transposeA, transposeB) in [
            (false, false), (true, false), (false, true), (true, true),
          ] {
            for (alpha, beta, addsRow): (Float, Float, Bool) in [
              (1, 0, false), (-0.5, 0, false), (1, 1, false), (2, -0.25, false), (1, 0, true),
              (0.5, 0, true),
            ] {
              assertWideKernelProduct(
                m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: alpha,
                beta: beta, addsRow: addsRow, padding: (m + n + k) % 4)
            }
          }
        }
      }
    }
  }

  /// The shapes of the README model's and the small MLP's products, whole.
  func testTheBenchmarkModelsProductsMatchTheTripleLoop() {
    for (m, n, k, transposeA, transposeB) in [
      (300, 3, 5, false, true), (3, 5, 300, true, false), (32, 16, 2, false, true),
      (32, 1, 16, false, true), (16, 2, 32, true, false), (32, 16, 1, false, false),
    ] {
      assertWideKernelProduct(
        m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: 1, beta: 0,
        addsRow: true, padding: 0)
    }
  }

  /// `GEMM.multiply` sends small `Float` products to the kernel, and neither `Double` ones, nor
  /// products past `GEMM.wideKernelWork`, nor a transposed `B` too large to copy.
  func testWhichProductsRunInTheKernel() {
    XCTAssertTrue(GEMM.runsInWideKernel(Float.self, m: 32, n: 32, k: 32, transposeB: false))
    XCTAssertTrue(GEMM.runsInWideKernel(Float.self, m: 300, n: 3, k: 5, transposeB: true))
    XCTAssertFalse(GEMM.runsInWideKernel(Double.self, m: 4, n: 4, k: 4, transposeB: false))
    XCTAssertFalse(GEMM.runsInWideKernel(Float.self, m: 32, n: 32, k: 33, transposeB: false))
    XCTAssertFalse(GEMM.runsInWideKernel(Float.self, m: 1, n: 4097, k: 1, transposeB: true))
  }

  /// `C ← α·op(A)·op(B) + β·C` (plus a row added to each row when `addsRow`) in the kernel,
  /// where every stored matrix has `padding` more columns than it uses: each element within a few roundings of the exact sum (the kernel's
  /// fused multiply–adds round once per term), and the cells of `C` outside the product
  /// untouched.
  private func assertWideKernelProduct(
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: Float, beta: Float,
    addsRow: Bool, padding: Int, file: StaticString = #filePath, line: UInt = #line
  ) {
    let fixture = ProductFixture<Float>(
      m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, padding: padding)
    let c = fixture.product { a, b, c, row in
      GEMM.multiplyInWideKernel(
        GEMM.Operands(
          a: a, transposeA: transposeA, lda: fixture.lda, b: b, transposeB: transposeB,
          ldb: fixture.ldb, c: c, ldc: fixture.ldc),
        m: m, n: n, k: k, alpha: alpha, beta: beta, row: addsRow ? row : nil)
    }
    fixture.check(
      c, alpha: alpha, beta: beta, addsRow: addsRow,
      tolerance: { k, scale in Double(k + 2) * Double(Float.ulpOfOne) * scale }, file: file,
      line: line)
  }
}
