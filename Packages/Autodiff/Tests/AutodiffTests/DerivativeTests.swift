import Autodiff
import XCTest

final class DerivativeTests: XCTestCase {
  func testDerivativeOfAPolynomial() {
    // d/dx (x³ − 2x) = 3x² − 2
    for x in [-2.0, 0, 1.5] {
      XCTAssertEqual(derivative(at: x) { t in t * t * t - 2 * t }, 3 * x * x - 2)
    }
  }

  func testValueWithDerivative() {
    let (value, slope) = valueWithDerivative(at: 2.0) { x in x * x * x }
    XCTAssertEqual(value, 8)
    XCTAssertEqual(slope, 12)
    let result = valueWithDerivative(at: 0.5) { x in Dual.exp(x) }
    XCTAssertEqual(result.value, Double.exp(0.5))
    XCTAssertEqual(result.derivative, Double.exp(0.5))
  }

  func testDocumentationExampleNestsForTheSecondDerivative() {
    func h<T: Real>(_ t: T) -> T { t * T.sin(t) }
    XCTAssertEqual(derivative(at: 0.0, in: h), 0)
    XCTAssertEqual(derivative(at: 0.0) { x in derivative(at: x, in: h) }, 2)
    // Third derivative: (t sin t)‴ = −3 sin t − t cos t.
    let x = 0.9
    let third = derivative(at: x) { a in derivative(at: a) { b in derivative(at: b, in: h) } }
    assertRelativelyEqual(
      third, -3 * Double.sin(x) - x * Double.cos(x), tolerance: 1e-13)
  }

  func testNestingCannotConfuseThePerturbations() {
    // d/dx [x · d/dy (x + y)] = d/dx [x · 1] = 1. Mixing up the two ε's would give 2.
    let result = derivative(at: 2.0) { x in
      x * derivative(at: Dual(3.0)) { y in Dual(x) + y }
    }
    XCTAssertEqual(result, 1)
  }

  func testConstantFunctionHasZeroDerivative() {
    XCTAssertEqual(derivative(at: 4.0) { _ in Dual(7) }, 0)
  }
}
