import XCTest
import _WideKernels

@testable import NNOps

/// The AVX2 kernel for small `Float` products (`GEMM.multiplyInWideKernel`), against a triple
/// loop in `Double`: every layout, every remainder of its four-row blocks and eight-column
/// vectors, parts of wider matrices, α and β.
final class GEMMWideKernelTests: XCTestCase {
  override func setUpWithError() throws {
    try XCTSkipUnless(WideKernels.avx2FMA, "this processor has no AVX2 and FMA")
  }

  func testEveryBlockRemainderAndLayoutMatchesTheTripleLoop() {
    for m in [1, 2, 3, 4, 5, 9, 16, 23] {
      for n in [1, 2, 3, 4, 5, 6, 7, 8, 9, 12, 16, 17, 24, 25, 31, 33] {
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

  /// Products of up to four rows and eight columns with k ≥ 64 take two or four interleaved
  /// sets of accumulators (`deep_product`): every number of rows and columns, k a multiple of
  /// the sets and not, both layouts of A, α, β and the row; five rows and nine columns for the
  /// usual blocks beside them.
  func testDeepProductsMatchTheTripleLoop() {
    for m in 1...5 {
      for n in [1, 3, 5, 8, 9] {
        for k in [64, 65, 67, 301] {
          for transposeA in [false, true] {
            for (alpha, beta, addsRow): (Float, Float, Bool) in [
              (1, 0, false), (-0.5, 0, true), (2, -0.25, false),
            ] {
              assertWideKernelProduct(
                m: m, n: n, k: k, transposeA: transposeA, transposeB: false, alpha: alpha,
                beta: beta, addsRow: addsRow, padding: (m + n) % 3)
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

  /// β = 0 writes `C` without reading it: NaNs there do not leak into the product, with or
  /// without a row added, in every layout and remainder of the blocks.
  func testAZeroBetaIgnoresNaNsInC() {
    for (m, n, k) in [(5, 25, 3), (3, 7, 17), (9, 16, 1), (17, 3, 5), (3, 5, 80), (2, 8, 64)] {
      for (transposeA, transposeB) in [(false, false), (true, false), (false, true)] {
        for addsRow in [false, true] {
          assertWideKernelProduct(
            m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: 1, beta: 0,
            addsRow: addsRow, padding: 1, cHoldsNaN: true)
        }
      }
    }
  }

  /// The public operations reach the kernel: `linear` (its bias added as the kernel stores) and
  /// `matmul` in every layout, in `Float` at the kernel's sizes, agree with the same products in
  /// `Double` (through OpenBLAS) on the same values.
  func testLinearAndMatmulInFloatAgreeWithDouble() {
    func pair(_ shape: [Int], _ seed: Int) -> (Tensor<Float>, Tensor<Double>) {
      let count = shape.reduce(1, *)
      let scalars = (0..<count).map { Float(($0 * 31 + seed * 7) % 19) / 8 - 1.1 }
      return (
        Tensor(shape: shape, scalars: scalars),
        Tensor(shape: shape, scalars: scalars.map(Double.init))
      )
    }
    func assertClose(
      _ float: Tensor<Float>, _ double: Tensor<Double>, _ context: String,
      line: UInt = #line
    ) {
      XCTAssertEqual(float.shape, double.shape, context, line: line)
      for (index, (x, y)) in zip(float.scalars, double.scalars).enumerated() {
        XCTAssertEqual(
          Double(x), y, accuracy: 1e-4 * max(1, abs(y)), "\(context) [\(index)]", line: line)
      }
    }
    for (batch, inputs, outputs) in [(1, 5, 3), (9, 2, 16), (300, 5, 3), (32, 16, 1), (7, 33, 25)] {
      XCTAssertTrue(
        GEMM.runsInWideKernel(Float.self, m: batch, n: outputs, k: inputs, transposeB: true)
          || !WideKernels.avx2FMA)
      let (x, xd) = pair([batch, inputs], 1)
      let (w, wd) = pair([outputs, inputs], 2)
      let (b, bd) = pair([outputs], 3)
      let context = "\(batch)×\(inputs) → \(outputs)"
      assertClose(
        linear(x, weight: w, bias: b), linear(xd, weight: wd, bias: bd), "linear " + context)
      assertClose(
        matmul(x, transposed: false, w, transposed: true),
        matmul(xd, transposed: false, wd, transposed: true), "x·wᵀ " + context)
      let (g, gd) = pair([batch, outputs], 4)
      assertClose(
        matmul(g, transposed: true, x, transposed: false),
        matmul(gd, transposed: true, xd, transposed: false), "gᵀ·x " + context)
      assertClose(matmul(g, w), matmul(gd, wd), "g·w " + context)
      assertClose(
        matmul(w, transposed: true, g, transposed: true),
        matmul(wd, transposed: true, gd, transposed: true), "wᵀ·gᵀ " + context)
    }
  }

  /// `A · Bᵀ` with up to four columns and eight rows or more goes to the narrow kernel, which
  /// gives the general kernel's results bit for bit (the same operations in the same order),
  /// with and without a row, for every α, and leaves the padding of C alone.
  func testTheNarrowKernelGivesTheGeneralKernelsBits() {
    for (m, n, k) in [(8, 1, 1), (300, 3, 5), (23, 4, 17), (16, 2, 8), (41, 3, 9), (9, 4, 31)] {
      let fixture = ProductFixture<Float>(
        m: m, n: n, k: k, transposeA: false, transposeB: true, padding: 1, cHoldsNaN: true)
      for (alpha, addsRow) in [(Float(1), true), (-0.5, false), (0.75, true)] {
        func product(narrow: Bool) -> [Float] {
          var c = fixture.original
          fixture.a.withUnsafeBufferPointer { a in
            fixture.b.withUnsafeBufferPointer { b in
              fixture.row.withUnsafeBufferPointer { row in
                c.withUnsafeMutableBufferPointer { c in
                  let operands = GEMM.Operands(
                    a: a.baseAddress!, transposeA: false, lda: fixture.lda, b: b.baseAddress!,
                    transposeB: true, ldb: fixture.ldb, c: c.baseAddress!, ldc: fixture.ldc)
                  XCTAssertTrue(GEMM.runsInNarrowKernel(operands, m: m, n: n, beta: 0))
                  let row = addsRow ? row.baseAddress : nil
                  if narrow {
                    GEMM.multiplyInWideKernel(
                      operands, m: m, n: n, k: k, alpha: alpha, beta: 0, row: row)
                  } else {
                    // The general kernel, on `Bᵀ` copied as `GEMM` copies it for that kernel.
                    GEMM.withCopiedTranspose(of: operands, n: n, k: k) { copied in
                      protograd_sgemm_small_avx2(
                        0, m, n, k, alpha, copied.a, copied.lda, copied.b, copied.ldb, 0, row,
                        copied.c, copied.ldc)
                    }
                  }
                }
              }
            }
          }
          return c
        }
        let (narrow, general) = (product(narrow: true), product(narrow: false))
        XCTAssertEqual(
          narrow.map(\.bitPattern), general.map(\.bitPattern), "\(m)×\(k)·(\(n)×\(k))ᵀ α \(alpha)")
      }
    }
    let operands = GEMM.Operands<Float>(
      a: UnsafePointer(bitPattern: 64)!, transposeA: false, lda: 5,
      b: UnsafePointer(bitPattern: 64)!, transposeB: true, ldb: 5,
      c: UnsafeMutablePointer(bitPattern: 64)!, ldc: 5)
    XCTAssertFalse(GEMM.runsInNarrowKernel(operands, m: 300, n: 5, beta: 0))
    XCTAssertFalse(GEMM.runsInNarrowKernel(operands, m: 7, n: 3, beta: 0))
    XCTAssertFalse(GEMM.runsInNarrowKernel(operands, m: 300, n: 3, beta: 1))
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
  /// where every stored matrix has `padding` more columns than it uses: each element within a
  /// few roundings of the exact sum (the kernel's fused multiply–adds round once per term), and
  /// the cells of `C` outside the product untouched.
  private func assertWideKernelProduct(
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: Float, beta: Float,
    addsRow: Bool, padding: Int, cHoldsNaN: Bool = false, file: StaticString = #filePath,
    line: UInt = #line
  ) {
    let fixture = ProductFixture<Float>(
      m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, padding: padding,
      cHoldsNaN: cHoldsNaN)
    fixture.assertProduct(
      alpha: alpha, beta: beta, addsRow: addsRow,
      tolerance: { k, scale in Double(k + 2) * Double(Float.ulpOfOne) * scale }, file: file,
      line: line
    ) { a, b, c, row in
      GEMM.multiplyInWideKernel(
        GEMM.Operands(
          a: a, transposeA: transposeA, lda: fixture.lda, b: b, transposeB: transposeB,
          ldb: fixture.ldb, c: c, ldc: fixture.ldc),
        m: m, n: n, k: k, alpha: alpha, beta: beta, row: addsRow ? row : nil)
    }
  }
}
