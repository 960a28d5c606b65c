import Autodiff
import XCTest

final class DualFloatingPointTests: XCTestCase {
  func testSquareRoot() {
    XCTAssertEqual(Dual<Double>.variable(4).squareRoot().value, 2)
    XCTAssertEqual(Dual<Double>.variable(4).squareRoot().derivative, 0.25)
    var x = Dual<Double>(9, derivative: 3)
    x.formSquareRoot()
    XCTAssertEqual(x.value, 3)
    XCTAssertEqual(x.derivative, 0.5)
    assertRelativelyEqual(
      Dual<Double>.variable(2.5).squareRoot().derivative,
      centralDifference(at: 2.5) { $0.squareRoot() }, tolerance: 1e-9)
  }

  func testAddingProduct() {
    // d/dx (1 + x·x²) at 2, as 1.addingProduct(x, x²) = 3x² = 12.
    let x = Dual<Double>.variable(2)
    let result = Dual<Double>(1).addingProduct(x, x * x)
    XCTAssertEqual(result.value, 9)
    XCTAssertEqual(result.derivative, 12)
    var y = Dual<Double>(1)
    y.addProduct(.variable(2), 3)
    XCTAssertEqual(y.value, 7)
    XCTAssertEqual(y.derivative, 3)
  }

  func testRoundingHasZeroDerivative() {
    let rules: [FloatingPointRoundingRule] = [
      .down, .up, .towardZero, .awayFromZero, .toNearestOrEven, .toNearestOrAwayFromZero,
    ]
    for rule in rules {
      let x = Dual<Double>(2.6, derivative: 5)
      XCTAssertEqual(x.rounded(rule).value, 2.6.rounded(rule), "\(rule)")
      XCTAssertEqual(x.rounded(rule).derivative, 0, "\(rule)")
      var y = x
      y.round(rule)
      XCTAssertEqual(y.derivative, 0, "\(rule)")
    }
  }

  func testRemaindersDifferentiateBothArguments() {
    // IEEE remainder: 7 = 4·2 − 1, so r = a − 4b; truncating: 7 = 3·2 + 1, so r = a − 3b.
    let a = Dual<Double>(7, derivative: 1)
    let b = Dual<Double>(2, derivative: 1)
    XCTAssertEqual(a.remainder(dividingBy: b).value, -1)
    XCTAssertEqual(a.remainder(dividingBy: b).derivative, -3)
    XCTAssertEqual(a.truncatingRemainder(dividingBy: b).value, 1)
    XCTAssertEqual(a.truncatingRemainder(dividingBy: b).derivative, -2)
    var c = Dual<Double>.variable(7)
    c.formRemainder(dividingBy: 2)
    XCTAssertEqual(c.derivative, 1)
    c = Dual<Double>.variable(-7.5)
    c.formTruncatingRemainder(dividingBy: .variable(2))
    XCTAssertEqual(c.value, -1.5)
    XCTAssertEqual(c.derivative, 4)
  }

  func testDecompositionRebuildsValueAndDerivative() {
    for (value, slope) in [(8.0, 1.0), (-0.375, 3.0), (1e-300, 2.0), (6.5e12, -1.0)] {
      let x = Dual<Double>(value, derivative: slope)
      let rebuilt = Dual<Double>(sign: x.sign, exponent: x.exponent, significand: x.significand)
      XCTAssertEqual(rebuilt.value, value)
      XCTAssertEqual(rebuilt.derivative, slope, "at \(value)")
      XCTAssertEqual(x.exponent, value.exponent)
      XCTAssertEqual(x.significand.value, value.significand)
    }
    XCTAssertEqual(Dual<Double>.variable(8).significand.derivative, 0.125)
    XCTAssertEqual(Dual<Double>.variable(0).significand.derivative, 0)
  }

  func testSignOfMagnitudeOf() {
    XCTAssertEqual(Dual<Double>(signOf: -1, magnitudeOf: .variable(2)).value, -2)
    XCTAssertEqual(Dual<Double>(signOf: -1, magnitudeOf: .variable(2)).derivative, -1)
    XCTAssertEqual(Dual<Double>(signOf: 1, magnitudeOf: .variable(2)).derivative, 1)
    XCTAssertEqual(Dual<Double>(signOf: 1, magnitudeOf: .variable(-2)).derivative, -1)
  }

  func testRepresentationQueriesHaveZeroDerivative() {
    let x = Dual<Double>.variable(1)
    XCTAssertEqual(x.ulp.value, Double.ulpOfOne)
    XCTAssertEqual(x.ulp.derivative, 0)
    XCTAssertEqual(Dual<Double>.ulpOfOne.value, Double.ulpOfOne)
    XCTAssertEqual(Dual<Double>(-1, derivative: 5).sign, .minus)
    XCTAssertEqual(Dual<Double>.variable(8).exponent, 3)
    XCTAssertEqual(Dual<Double>.radix, 2)
  }

  func testNextUpAndNextDownKeepTheDerivative() {
    let x = Dual<Double>(1, derivative: 3)
    XCTAssertEqual(x.nextUp.value, 1.0.nextUp)
    XCTAssertEqual(x.nextUp.derivative, 3)
    XCTAssertEqual(x.nextDown.value, 1.0.nextDown)
    XCTAssertEqual(x.nextDown.derivative, 3)
  }

  func testConstants() {
    let constants: [(Dual<Double>, Double)] = [
      (.pi, .pi), (.infinity, .infinity), (.greatestFiniteMagnitude, .greatestFiniteMagnitude),
      (.leastNormalMagnitude, .leastNormalMagnitude),
      (.leastNonzeroMagnitude, .leastNonzeroMagnitude),
    ]
    for (constant, expected) in constants {
      XCTAssertEqual(constant.value, expected)
      XCTAssertEqual(constant.derivative, 0)
    }
    XCTAssertTrue(Dual<Double>.nan.isNaN)
    XCTAssertTrue(Dual<Double>.signalingNaN.isSignalingNaN)
    XCTAssertEqual(Dual<Double>(7 as Int).value, 7)
    XCTAssertEqual(Dual<Double>(UInt8(7)).value, 7)
    XCTAssertEqual(Dual<Double>(UInt8(7)).derivative, 0)
  }

  func testClassificationAndComparisonActOnTheValue() {
    XCTAssertTrue(Dual<Double>(0, derivative: 1).isZero)
    XCTAssertTrue(Dual<Double>(1, derivative: 0).isNormal)
    XCTAssertTrue(Dual<Double>(1e-310).isSubnormal)
    XCTAssertFalse(Dual<Double>.infinity.isFinite)
    XCTAssertTrue(Dual<Double>.infinity.isInfinite)
    XCTAssertTrue(Dual<Double>(1).isCanonical)
    XCTAssertEqual(Dual<Double>(-1e-310).floatingPointClass, .negativeSubnormal)
    XCTAssertTrue(Dual<Double>(1, derivative: 2).isEqual(to: 1))
    XCTAssertTrue(Dual<Double>(1).isLess(than: 2))
    XCTAssertTrue(Dual<Double>(2).isLessThanOrEqualTo(2))
    XCTAssertTrue(Dual<Double>(-0.0).isTotallyOrdered(belowOrEqualTo: 0))
    XCTAssertFalse(Dual<Double>(0.0).isTotallyOrdered(belowOrEqualTo: -0.0))
    XCTAssertFalse(Dual<Double>.nan == Dual<Double>.nan)
  }

  func testMinimumAndMaximumSelectAnArgument() {
    let small = Dual<Double>(1, derivative: 5)
    let large = Dual<Double>(2, derivative: 7)
    XCTAssertEqual(Dual.minimum(small, large).derivative, 5)
    XCTAssertEqual(Dual.maximum(small, large).derivative, 7)
    XCTAssertEqual(Dual.maximumMagnitude(-large, small).derivative, -7)
  }

  func testStrideable() {
    XCTAssertEqual(Dual<Double>(1).distance(to: Dual(4, derivative: 1)).value, 3)
    XCTAssertEqual(Dual<Double>(1).distance(to: Dual(4, derivative: 1)).derivative, 1)
    XCTAssertEqual(Dual<Double>.variable(1).advanced(by: 2).value, 3)
    XCTAssertEqual(Dual<Double>.variable(1).advanced(by: 2).derivative, 1)
    let values = stride(from: Dual<Double>(0), to: 1, by: 0.25).map(\.value)
    XCTAssertEqual(values, [0, 0.25, 0.5, 0.75])
  }
}
