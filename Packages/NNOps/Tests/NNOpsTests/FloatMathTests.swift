import XCTest

@testable import NNOps

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The arithmetic-only `Float` functions against the C library's `Double` ones, rounded.
final class FloatMathTests: XCTestCase {
  /// Units in the last place between `value` and `reference` (0 when equal, both NaN, or both
  /// the same infinity).
  private func ulps(_ value: Float, _ reference: Float) -> Int {
    if value == reference || (value.isNaN && reference.isNaN) { return 0 }
    if value.isNaN || reference.isNaN || value.sign != reference.sign { return .max }
    return abs(Int(value.bitPattern) - Int(reference.bitPattern))
  }

  private func worstError(
    _ function: (Float) -> Float, _ reference: (Double) -> Double, from low: Float, to high: Float,
    samples: Int = 400_000
  ) -> (ulps: Int, at: Float) {
    var worst = (ulps: 0, at: Float.nan)
    for i in 0...samples {
      let x = low + (high - low) * Float(i) / Float(samples)
      let error = ulps(function(x), Float(reference(Double(x))))
      if error > worst.ulps { worst = (error, x) }
    }
    return worst
  }

  func testExpIsWithinTwoUlpsWhereverItIsFinite() {
    let worst = worstError(FloatMath.exp, { exp($0) }, from: -87, to: 88.7)
    XCTAssertLessThanOrEqual(worst.ulps, 2, "at \(worst.at)")
    // Subnormal results: within one step of the smallest spacing.
    for x: Float in [-88, -90, -95, -100, -103] {
      let reference = Float(exp(Double(x)))
      XCTAssertEqual(FloatMath.exp(x), reference, accuracy: 2 * Float.leastNonzeroMagnitude)
    }
  }

  func testExpLimits() {
    XCTAssertEqual(FloatMath.exp(0), 1)
    XCTAssertEqual(FloatMath.exp(89), .infinity)
    XCTAssertEqual(FloatMath.exp(.infinity), .infinity)
    XCTAssertEqual(FloatMath.exp(-.infinity), 0)
    XCTAssertEqual(FloatMath.exp(-200), 0)
    XCTAssertTrue(FloatMath.exp(.nan).isNaN)
  }

  /// The rational approximation is the correctly rounded value or its neighbour, including
  /// across the point (≈ 9.01) beyond which `tanh` rounds to 1.
  func testTanhIsWithinOneUlp() {
    for (low, high) in [(Float(-10), Float(10)), (-0.6, 0.6), (-1e-3, 1e-3), (8.9, 9.2)] {
      let worst = worstError(FloatMath.tanh, { tanh($0) }, from: low, to: high)
      XCTAssertLessThanOrEqual(worst.ulps, 1, "at \(worst.at) in \(low)...\(high)")
    }
    XCTAssertEqual(FloatMath.tanh(9), Float(tanh(9.0)))  // 1 − 2⁻²⁴, below the midpoint to 1
    XCTAssertEqual(FloatMath.tanh(9.02), 1)
    XCTAssertEqual(FloatMath.tanh(0), 0)
    XCTAssertEqual(FloatMath.tanh(-0.0).sign, .minus)
    XCTAssertEqual(FloatMath.tanh(1e-30), 1e-30)
    XCTAssertEqual(FloatMath.tanh(50), 1)
    XCTAssertEqual(FloatMath.tanh(-.infinity), -1)
    XCTAssertTrue(FloatMath.tanh(.nan).isNaN)
  }

  func testSigmoidIsWithinTwoUlps() {
    let worst = worstError(
      FloatMath.sigmoid, { 1 / (1 + exp(-$0)) }, from: -80, to: 40)
    XCTAssertLessThanOrEqual(worst.ulps, 2, "at \(worst.at)")
    XCTAssertEqual(FloatMath.sigmoid(.infinity), 1)
    XCTAssertEqual(FloatMath.sigmoid(-.infinity), 0)
    XCTAssertEqual(FloatMath.sigmoid(0), 0.5)
  }
}
