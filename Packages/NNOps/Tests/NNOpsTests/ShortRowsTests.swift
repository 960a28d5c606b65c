import XCTest

@testable import NNOps

/// The vector copies and sums of im2col and col2im write exactly their rows, for every width
/// around the eight-lane vectors (the overlapping last vector of a copy, the scalar tail of a sum,
/// the straight-line widths 8, 16 and 24), and leave the gaps between rows alone.
final class ShortRowsTests: XCTestCase {
  /// Three rows of `width` scalars, `pitch` apart, in a buffer with 16 sentinels on each side:
  /// `value(r, i)` in row `r`, `-7` elsewhere.
  private func plane<Scalar: BinaryFloatingPoint>(
    width: Int, pitch: Int, _ value: (_ row: Int, _ i: Int) -> Scalar
  ) -> [Scalar] {
    var scalars = [Scalar](repeating: -7, count: 32 + 3 * pitch)
    for r in 0..<3 {
      for i in 0..<width { scalars[16 + r * pitch + i] = value(r, i) }
    }
    return scalars
  }

  private func check<Scalar: TensorScalar>(_: Scalar.Type) {
    for width in 0...41 {
      let (sourcePitch, targetPitch) = (width + 3, width + 5)
      let sourceValue = { (r: Int, i: Int) in Scalar(r * 100 + i) * 0.5 + 1 }
      let source: [Scalar] = plane(width: width, pitch: sourcePitch, sourceValue)
      var copied: [Scalar] = plane(width: width, pitch: targetPitch) { _, _ in 0 }
      var summed: [Scalar] = plane(width: width, pitch: targetPitch) { r, i in Scalar(r + i) * 3 }
      var rowCopied = copied
      var rowSummed = summed
      source.withUnsafeBufferPointer { source in
        let from = source.baseAddress! + 16
        copied.withUnsafeMutableBufferPointer {
          ShortRows.copy(
            rows: 3, width: width, from: from, pitch: sourcePitch, to: $0.baseAddress! + 16,
            pitch: targetPitch)
        }
        summed.withUnsafeMutableBufferPointer {
          ShortRows.add(
            rows: 3, width: width, from: from, pitch: sourcePitch, to: $0.baseAddress! + 16,
            pitch: targetPitch)
        }
        rowCopied.withUnsafeMutableBufferPointer {
          ShortRows.copy(width, from: from, to: $0.baseAddress! + 16)
        }
        rowSummed.withUnsafeMutableBufferPointer {
          ShortRows.add(width, from: from, to: $0.baseAddress! + 16)
        }
      }
      let name = "width \(width), \(Scalar.self)"
      XCTAssertEqual(copied, plane(width: width, pitch: targetPitch, sourceValue), "copy, \(name)")
      XCTAssertEqual(
        summed,
        plane(width: width, pitch: targetPitch) { r, i in Scalar(r + i) * 3 + sourceValue(r, i) },
        "sum, \(name)")
      // The single-row forms: the first row only.
      XCTAssertEqual(
        rowCopied,
        plane(width: width, pitch: targetPitch) { r, i in r == 0 ? sourceValue(r, i) : 0 },
        "row copy, \(name)")
      XCTAssertEqual(
        rowSummed,
        plane(width: width, pitch: targetPitch) { r, i in
          Scalar(r + i) * 3 + (r == 0 ? sourceValue(r, i) : 0)
        }, "row sum, \(name)")
    }
  }

  func testEveryWidthWritesExactlyItsRows() {
    check(Float.self)
    check(Double.self)
  }
}
