import Autodiff
import XCTest

final class DualArithmeticTests: XCTestCase {
  let a = Dual<Double>(3, derivative: 2)
  let b = Dual<Double>(-4, derivative: 0.5)

  func testSumAndDifferenceRules() {
    XCTAssertEqual((a + b).value, -1)
    XCTAssertEqual((a + b).derivative, 2.5)
    XCTAssertEqual((a - b).value, 7)
    XCTAssertEqual((a - b).derivative, 1.5)
    XCTAssertEqual((-a).derivative, -2)
    var c = a
    c += b
    XCTAssertEqual(c.derivative, 2.5)
    c -= b
    XCTAssertEqual(c.derivative, 2)
    c.negate()
    XCTAssertEqual(c.value, -3)
    XCTAssertEqual(c.derivative, -2)
  }

  func testProductRule() {
    // (3 + 2ε)(−4 + 0.5ε) = −12 + (2·(−4) + 3·0.5)ε
    XCTAssertEqual((a * b).value, -12)
    XCTAssertEqual((a * b).derivative, -6.5)
    var c = a
    c *= b
    XCTAssertEqual(c.derivative, -6.5)
  }

  func testQuotientRule() {
    // (a/b)′ = (a′b − ab′)/b² = (2·(−4) − 3·0.5)/16
    XCTAssertEqual((a / b).value, -0.75)
    XCTAssertEqual((a / b).derivative, -9.5 / 16)
    var c = a
    c /= b
    XCTAssertEqual(c.derivative, -9.5 / 16)
    XCTAssertEqual((1 / Dual<Double>.variable(2)).derivative, -0.25)
  }

  func testReciprocal() {
    let inverse = Dual<Double>(4, derivative: 1).reciprocal
    XCTAssertEqual(inverse?.value, 0.25)
    XCTAssertEqual(inverse?.derivative, -0.0625)
    XCTAssertNil(Dual<Double>(Double.leastNonzeroMagnitude).reciprocal)
  }

  func testMagnitudeFollowsTheSign() {
    XCTAssertEqual(Dual<Double>(-2, derivative: 1).magnitude.value, 2)
    XCTAssertEqual(Dual<Double>(-2, derivative: 1).magnitude.derivative, -1)
    XCTAssertEqual(Dual<Double>(2, derivative: 1).magnitude.derivative, 1)
    let negativeZero = Dual<Double>(-0.0, derivative: 1).magnitude
    XCTAssertEqual(negativeZero.value.sign, .plus)
    XCTAssertEqual(negativeZero.derivative, 1)
  }

  func testEqualityAndOrderIgnoreTheDerivative() {
    XCTAssertEqual(Dual<Double>(1, derivative: 2), Dual<Double>(1, derivative: 3))
    XCTAssertNotEqual(Dual<Double>(1, derivative: 2), Dual<Double>(2, derivative: 2))
    XCTAssertLessThan(Dual<Double>(1, derivative: 9), Dual<Double>(2))
    XCTAssertFalse(Dual<Double>(2, derivative: -9) < Dual<Double>(2, derivative: 9))
    XCTAssertEqual(
      max(Dual<Double>(1, derivative: 5), Dual<Double>(2, derivative: 7)).derivative, 7)
  }

  func testHashingIsConsistentWithEquality() {
    let set: Set = [Dual<Double>(1, derivative: 2), Dual<Double>(1), Dual<Double>(2)]
    XCTAssertEqual(set.count, 2)
    XCTAssertEqual(Dual<Double>(1, derivative: 2).hashValue, Dual<Double>(1).hashValue)
  }

  func testBranchesFollowTheValue() {
    // A piecewise function written generically takes the same branch for duals as for values.
    func relu<T: Real>(_ x: T) -> T { x < 0 ? 0 : x }
    XCTAssertEqual(derivative(at: 2.0, in: relu), 1)
    XCTAssertEqual(derivative(at: -2.0, in: relu), 0)
  }

  func testLiteralsAreConstants() {
    let two: Dual<Double> = 2
    let half: Dual<Double> = 0.5
    XCTAssertEqual(two.value, 2)
    XCTAssertEqual(two.derivative, 0)
    XCTAssertEqual(half.value, 0.5)
    XCTAssertEqual(half.derivative, 0)
    let nested: Dual<Dual<Double>> = 1.5
    XCTAssertEqual(nested.value.value, 1.5)
    XCTAssertEqual(Dual<Double>.zero.value, 0)
    XCTAssertEqual(Dual<Double>.zero.derivative, 0)
  }

  func testExactIntegerConversion() {
    XCTAssertEqual(Dual<Double>(exactly: 3)?.value, 3)
    XCTAssertEqual(Dual<Double>(exactly: 3)?.derivative, 0)
    XCTAssertNil(Dual<Float>(exactly: Int.max - 1))
  }
}
