import XCTest

@testable import NNOps

/// The vector copies and sums of im2col and col2im write exactly their row, for every length
/// around the eight-lane width (the overlapping last vector of a copy, the scalar tail of a sum).
final class ShortRowsTests: XCTestCase {
  /// A buffer of `count` scalars between guards of 16 sentinels on each side.
  private func guarded<Scalar: BinaryFloatingPoint>(
    _ count: Int, _ value: (Int) -> Scalar
  ) -> [Scalar] {
    Array(repeating: -7, count: 16) + (0..<count).map(value) + Array(repeating: -7, count: 16)
  }

  private func check<Scalar: TensorScalar>(_: Scalar.Type) {
    for count in 0...41 {
      let source: [Scalar] = guarded(count) { Scalar($0) * 0.5 + 1 }
      var copied: [Scalar] = guarded(count) { _ in 0 }
      var summed: [Scalar] = guarded(count) { Scalar($0) * 3 }
      source.withUnsafeBufferPointer { source in
        copied.withUnsafeMutableBufferPointer { copied in
          ShortRows.copy(
            count, from: source.baseAddress! + 16, to: copied.baseAddress! + 16)
        }
        summed.withUnsafeMutableBufferPointer { summed in
          ShortRows.add(count, from: source.baseAddress! + 16, to: summed.baseAddress! + 16)
        }
      }
      XCTAssertEqual(copied, source, "copy of \(count) \(Scalar.self)")
      XCTAssertEqual(
        summed, guarded(count) { Scalar($0) * 3 + (Scalar($0) * 0.5 + 1) },
        "sum of \(count) \(Scalar.self)")
    }
  }

  func testEveryLengthWritesExactlyItsRow() {
    check(Float.self)
    check(Double.self)
  }
}
