import Foundation
import XCTest
import _WideKernels

@testable import NNOps

/// The C kernels for wide vector units, where this processor runs them.
final class WideKernelsTests: XCTestCase {
  private func tanhAVX2(_ x: [Float]) -> [Float] {
    var y = [Float](repeating: .nan, count: x.count)
    x.withUnsafeBufferPointer { x in
      y.withUnsafeMutableBufferPointer { y in
        protograd_tanh_avx2(x.baseAddress!, y.baseAddress!, x.count)
      }
    }
    return y
  }

  private func ulps(_ a: Float, _ b: Float) -> Int {
    a == b ? 0 : Int(abs(Int64(a.bitPattern) - Int64(b.bitPattern)))
  }

  /// Within 1 ulp of the correctly rounded tanh wherever it is sampled, including near 0 and
  /// across the point beyond which it rounds to 1; the limits and NaN as `FloatMath.tanh`'s.
  func testTanhIsWithinOneUlpAndKeepsTheLimits() throws {
    try XCTSkipUnless(WideKernels.avx2FMA, "this processor has no AVX2 and FMA")
    for (low, high) in [(Float(-12), Float(12)), (-0.6, 0.6), (-1e-3, 1e-3), (8.9, 9.2)] {
      let x = (0...200_000).map { low + (high - low) * Float($0) / 200_000 }
      for (input, output) in zip(x, tanhAVX2(x)) {
        let expected = Float(Foundation.tanh(Double(input)))
        guard ulps(output, expected) > 1 else { continue }
        return XCTFail("tanh(\(input)) = \(output), expected \(expected)")
      }
    }
    let special: [Float] = [0, -0.0, 1e-30, -1e-30, 50, -.infinity, .infinity, .nan]
    let y = tanhAVX2(special)
    XCTAssertEqual(y[0], 0)
    XCTAssertEqual(y[1].sign, .minus)
    XCTAssertEqual(y[2], 1e-30)
    XCTAssertEqual(y[3], -1e-30)
    XCTAssertEqual(y[4], 1)
    XCTAssertEqual(y[5], -1)
    XCTAssertEqual(y[6], 1)
    XCTAssertTrue(y[7].isNaN)
  }

  /// Every length from 0 to 20 (the kernel works in groups of eight and four, then the rest):
  /// each element as when computed alone, and nothing written past the end.
  func testEveryLengthGivesEachElementItsOwnValue() throws {
    try XCTSkipUnless(WideKernels.avx2FMA, "this processor has no AVX2 and FMA")
    let values = (0..<20).map { Float($0) * 0.37 - 3.1 }
    for count in 0...20 {
      var output = [Float](repeating: 42, count: count + 3)
      values.withUnsafeBufferPointer { x in
        output.withUnsafeMutableBufferPointer { y in
          protograd_tanh_avx2(x.baseAddress!, y.baseAddress!, count)
        }
      }
      for i in 0..<count {
        XCTAssertEqual(output[i], tanhAVX2([values[i]])[0], "element \(i) of \(count)")
      }
      XCTAssertEqual(Array(output[count...]), [42, 42, 42], "past \(count) elements")
    }
  }
}
