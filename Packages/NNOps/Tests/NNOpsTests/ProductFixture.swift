import XCTest

/// Operands for `C ← α·op(A)·op(B) + β·C`, each stored matrix with `padding` more columns than it
/// uses, and the check of a result against the triple loop in `Double`.
struct ProductFixture<Scalar: BinaryFloatingPoint> {
  let m: Int, n: Int, k: Int
  let transposeA: Bool, transposeB: Bool
  let lda: Int, ldb: Int, ldc: Int
  /// `[m, k]` or `[k, m]` as stored, rows `lda` apart.
  let a: [Scalar]
  /// `[k, n]` or `[n, k]` as stored, rows `ldb` apart.
  let b: [Scalar]
  /// `C` before the product, rows `ldc` apart: finite values, or NaN everywhere.
  let original: [Scalar]
  /// `n` scalars, for a product that adds a row to each row of `C`.
  let row: [Scalar]

  init(
    m: Int, n: Int, k: Int, transposeA: Bool, transposeB: Bool, padding: Int,
    cHoldsNaN: Bool = false
  ) {
    (self.m, self.n, self.k) = (m, n, k)
    (self.transposeA, self.transposeB) = (transposeA, transposeB)
    let (aRows, aColumns) = transposeA ? (k, m) : (m, k)
    let (bRows, bColumns) = transposeB ? (n, k) : (k, n)
    (lda, ldb, ldc) = (aColumns + padding, bColumns + padding, n + padding)
    a = (0..<(aRows * lda)).map { Scalar(($0 * 37) % 23) / 7 - 1.5 }
    b = (0..<(bRows * ldb)).map { Scalar(($0 * 19) % 29) / 11 - 1.2 }
    original = (0..<(m * ldc)).map { cHoldsNaN ? .nan : Scalar(($0 * 13) % 17) / 5 - 1.6 }
    row = (0..<n).map { Scalar(($0 * 7) % 11) / 3 - 1.7 }
  }

  /// Runs `multiply(a, b, c, row)` on copies of the operands and checks each element of `C`
  /// against the exact result (with ``row`` when `addsRow`; `C` is not read when `beta == 0`)
  /// within `tolerance(k, scale)`, where `scale` is the sum of the magnitudes of its terms, and
  /// that the cells outside the product kept their values.
  func assertProduct(
    alpha: Scalar, beta: Scalar, addsRow: Bool,
    tolerance: (_ k: Int, _ scale: Double) -> Double,
    file: StaticString = #filePath, line: UInt = #line,
    computedBy multiply: (
      UnsafePointer<Scalar>, UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>,
      UnsafePointer<Scalar>
    ) -> Void
  ) {
    var c = original
    a.withUnsafeBufferPointer { a in
      b.withUnsafeBufferPointer { b in
        row.withUnsafeBufferPointer { row in
          c.withUnsafeMutableBufferPointer {
            multiply(a.baseAddress!, b.baseAddress!, $0.baseAddress!, row.baseAddress!)
          }
        }
      }
    }
    let opA = { (i: Int, p: Int) in Double(transposeA ? a[p * lda + i] : a[i * lda + p]) }
    let opB = { (p: Int, j: Int) in Double(transposeB ? b[j * ldb + p] : b[p * ldb + j]) }
    let context =
      "\(m)×\(n)×\(k), op(A) \(transposeA), op(B) \(transposeB), α \(alpha), β \(beta), "
      + "padding \(ldc - n), row added \(addsRow)"
    for i in 0..<m {
      for j in 0..<ldc {
        let index = i * ldc + j
        guard j < n else {
          let kept = c[index] == original[index] || (c[index].isNaN && original[index].isNaN)
          XCTAssertTrue(kept, "outside C: \(context)", file: file, line: line)
          continue
        }
        let terms = (0..<k).map { opA(i, $0) * opB($0, j) }
        let old =
          (beta == 0 ? 0 : Double(beta) * Double(original[index]))
          + (addsRow ? Double(row[j]) : 0)
        let expected = Double(alpha) * terms.reduce(0, +) + old
        let scale = abs(Double(alpha)) * terms.reduce(0) { $0 + abs($1) } + abs(old)
        XCTAssertEqual(
          Double(c[index]), expected, accuracy: tolerance(k, scale), "C[\(i), \(j)]: \(context)",
          file: file, line: line)
      }
    }
  }
}
