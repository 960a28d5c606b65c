import XCTest

@testable import NNOps

/// Products small enough that `GEMM` hands OpenBLAS a copy of a transposed right operand
/// (`GEMM.smallWork`), and the other layouts at the same sizes.
final class GEMMSmallProductsTests: XCTestCase {
  /// Every transpose, each matrix whole or a part of a wider one (leading dimensions larger
  /// than its columns), with and without α and β: the plain triple loop's values, and the cells of `C`
  /// outside the product untouched.
  func testSmallProductsMatchTheNaiveLoop() {
    for (m, n, k) in [(1, 1, 1), (3, 5, 300), (300, 3, 5), (5, 8, 7), (9, 17, 33), (32, 16, 2)] {
      XCTAssertLessThanOrEqual(m * n * k, GEMM.smallWork, "a small product")
      for (transposeA, transposeB) in [(false, false), (true, false), (false, true), (true, true)] {
        for (alpha, beta, addsRow) in [
          (1.0, 0.0, false), (0.5, 0.0, false), (1.0, 1.0, false), (-2.0, 0.25, false),
          (1.0, 0.0, true), (-0.5, 0.0, true),
        ] {
          for padding in [0, 3] {
            assertProduct(
              m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, alpha: alpha,
              beta: beta, addsRow: addsRow, padding: padding)
          }
        }
      }
    }
  }

  /// β = 0 overwrites `C` without reading it, on both of OpenBLAS's paths (B read in place, and
  /// `Bᵀ` copied): NaNs already there do not leak into the product. In `Float`, β = 1 adds the
  /// product to `C` on the copied path too. The size is above the AVX2 kernel's
  /// (`GEMM.wideKernelWork`), which has tests of its own.
  func testAZeroBetaIgnoresWhatCHeldAndAUnitBetaAddsToIt() {
    let (m, n, k) = (64, 11, 64)
    XCTAssertGreaterThan(m * n * k, GEMM.wideKernelWork)
    XCTAssertLessThanOrEqual(m * n * k, GEMM.smallWork)
    let a = (0..<(m * k)).map { Float($0 % 7) - 3 }
    let b = (0..<(k * n)).map { Float($0 % 5) - 2 }  // [k, n]
    let bt = (0..<(n * k)).map { b[($0 % k) * n + $0 / k] }  // the same matrix stored [n, k]
    let product = { (i: Int, j: Int) in
      (0..<k).reduce(Float(0)) { $0 + a[i * k + $1] * b[$1 * n + j] }
    }
    for (stored, transposed) in [(b, false), (bt, true)] {
      for beta: Float in [0, 1] {
        let start = beta == 0 ? Float.nan : 0.5
        var c = [Float](repeating: start, count: m * n)
        a.withUnsafeBufferPointer { a in
          stored.withUnsafeBufferPointer { b in
            c.withUnsafeMutableBufferPointer { c in
              GEMM.multiply(
                a.baseAddress!, transposed: false, b.baseAddress!, transposed: transposed,
                into: c.baseAddress!, m: m, n: n, k: k, beta: beta)
            }
          }
        }
        for i in 0..<m {
          for j in 0..<n {
            let expected = product(i, j) + (beta == 0 ? 0 : start)
            XCTAssertEqual(c[i * n + j], expected, "C[\(i), \(j)], Bᵀ \(transposed), β \(beta)")
          }
        }
      }
    }
  }

  /// With no terms (`k == 0`) the product is zero: `C` becomes the added row in each row (rows
  /// `ldc` apart, the cells between them untouched), in both scalar types.
  func testAnEmptyProductLeavesTheAddedRow() {
    func check<Scalar: TensorScalar>(_: Scalar.Type) {
      let (m, n, ldc) = (3, 2, 4)
      var c = [Scalar](repeating: 9, count: m * ldc)
      let row: [Scalar] = [1, -2]
      let operand: [Scalar] = [0]
      operand.withUnsafeBufferPointer { x in
        row.withUnsafeBufferPointer { row in
          c.withUnsafeMutableBufferPointer { c in
            GEMM.multiply(
              x.baseAddress!, transposed: false, x.baseAddress!, transposed: true,
              into: c.baseAddress!, m: m, n: n, k: 0, plusRow: row.baseAddress!, ldc: ldc)
          }
        }
      }
      XCTAssertEqual(c, [1, -2, 9, 9, 1, -2, 9, 9, 1, -2, 9, 9], "\(Scalar.self)")
    }
    check(Float.self)
    check(Double.self)
  }

  /// The copied transpose gives OpenBLAS's own `A · Bᵀ` to rounding, at the largest size it
  /// is used for.
  func testTheCopiedTransposeAgreesWithATransposedRead() {
    let (m, n, k) = (64, 64, 64)
    XCTAssertEqual(m * n * k, GEMM.smallWork)
    XCTAssertEqual(n * k, GEMM.copiedTransposeScalars)
    let a = (0..<(m * k)).map { sin(Float($0)) }
    let b = (0..<(n * k)).map { cos(Float($0)) }
    var (copied, read) = ([Float](repeating: 0, count: m * n), [Float](repeating: 0, count: m * n))
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        let operands = { (c: UnsafeMutablePointer<Float>) in
          GEMM.Operands(
            a: a.baseAddress!, transposeA: false, lda: k, b: b.baseAddress!, transposeB: true,
            ldb: k, c: c, ldc: n)
        }
        copied.withUnsafeMutableBufferPointer {
          GEMM.multiplyByCopiedTranspose(
            operands($0.baseAddress!), m: m, n: n, k: k, alpha: 1, beta: 0)
        }
        read.withUnsafeMutableBufferPointer {
          GEMM.multiply(operands($0.baseAddress!), m: m, n: n, k: k, alpha: 1, beta: 0)
        }
      }
    }
    for (index, (x, y)) in zip(copied, read).enumerated() {
      XCTAssertEqual(x, y, accuracy: 1e-4 * max(1, abs(y)), "C[\(index / n), \(index % n)]")
    }
  }

  /// `C ← α·op(A)·op(B) + β·C` (plus a row added to each row when `addsRow`) through
  /// `GEMM.multiply` in `Double`, where every stored matrix has `padding` more columns than it
  /// uses, against the triple loop.
  private func assertProduct(
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, alpha: Double, beta: Double,
    addsRow: Bool, padding: Int, file: StaticString = #filePath, line: UInt = #line
  ) {
    let fixture = ProductFixture<Double>(
      m: m, n: n, k: k, transposeA: transposeA, transposeB: transposeB, padding: padding)
    fixture.assertProduct(
      alpha: alpha, beta: beta, addsRow: addsRow, tolerance: { k, _ in 1e-12 * Double(k + 1) },
      file: file, line: line
    ) { a, b, c, row in
      GEMM.multiply(
        a, transposed: transposeA, b, transposed: transposeB, into: c, m: m, n: n, k: k,
        alpha: alpha, beta: beta, plusRow: addsRow ? row : nil, lda: fixture.lda,
        ldb: fixture.ldb, ldc: fixture.ldc)
    }
  }
}
