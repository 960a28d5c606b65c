import Autodiff
import XCTest

/// Written once, for any `Real`: the same code computes values (Double) and derivatives
/// (Dual<Double>).
func g<T: Real>(_ t: T) -> T {
  T.sin(t) * T.exp(t) / (1 + t * t) + T.log(2 + t)
}

/// g′ derived by hand: the quotient rule on sin t·eᵗ/(1 + t²), plus 1/(2 + t).
func gDerivative(_ t: Double) -> Double {
  let numerator = (Double.cos(t) + Double.sin(t)) * (1 + t * t) - 2 * t * Double.sin(t)
  return Double.exp(t) * numerator / ((1 + t * t) * (1 + t * t)) + 1 / (2 + t)
}

final class DualTests: XCTestCase {
  func testInitializerDefaultsToAConstant() {
    let constant = Dual<Double>(4)
    XCTAssertEqual(constant.value, 4)
    XCTAssertEqual(constant.derivative, 0)
    let seeded = Dual<Double>(4, derivative: 1.5)
    XCTAssertEqual(seeded.value, 4)
    XCTAssertEqual(seeded.derivative, 1.5)
  }

  func testVariableSeedsDerivativeOne() {
    let x = Dual<Double>.variable(2)
    XCTAssertEqual(x.value, 2)
    XCTAssertEqual(x.derivative, 1)
    XCTAssertEqual((x * x * x).derivative, 12)
  }

  func testTypeDocumentationExample() {
    let x = Dual<Double>.variable(3)
    let y = x * x + 2 * x
    XCTAssertEqual(y.value, 15)
    XCTAssertEqual(y.derivative, 8)
  }

  func testGenericFunctionWrittenOnceMatchesHandDerivedDerivative() {
    let points: [Double] = [-1.5, -0.7, -0.2, 0.3, 1, 2.5, 4]
    for x in points {
      let (value, slope) = valueWithDerivative(at: x, in: g)
      XCTAssertEqual(value, g(x), "value at \(x)")
      assertRelativelyEqual(slope, gDerivative(x), tolerance: 1e-13, "g′(\(x))")
      XCTAssertEqual(derivative(at: x, in: g), slope, "derivative(at:in:) at \(x)")
    }
  }

  func testGenericFunctionMatchesCentralDifference() {
    for x in [-1.5, 0.3, 2.5] {
      assertRelativelyEqual(
        derivative(at: x, in: g), centralDifference(at: x, of: g), tolerance: 1e-8, "g′(\(x))")
    }
  }

  func testFloatDerivative() {
    // d/dx x·eˣ = (1 + x)·eˣ
    for x: Float in [-1, 0.5, 2] {
      let slope = derivative(at: x) { t in t * Dual.exp(t) }
      assertRelativelyEqual(slope, (1 + x) * Float.exp(x), tolerance: 1e-6, "at \(x)")
    }
    assertRelativelyEqual(
      derivative(at: Float(0.5), in: g), Float(gDerivative(0.5)), tolerance: 1e-5)
  }

  func testNestedDualsCarrySecondDerivatives() {
    // x = 2 + ε₁ + ε₂ (+ 0·ε₁ε₂); x³ = 8 + 12ε₁ + 12ε₂ + 12ε₁ε₂, and 12 = d²/dx² x³ at 2.
    let x = Dual<Dual<Double>>(Dual(2, derivative: 1), derivative: Dual(1, derivative: 0))
    let cube = x * x * x
    XCTAssertEqual(cube.value.value, 8)
    XCTAssertEqual(cube.value.derivative, 12)
    XCTAssertEqual(cube.derivative.value, 12)
    XCTAssertEqual(cube.derivative.derivative, 12)
  }

  func testNestedSecondDerivativeOfGenericFunction() {
    // (g′)′ by nesting, against a central difference of the (exact) first derivative.
    for x in [-0.7, 0.3, 2.5] {
      let second = derivative(at: x) { t in derivative(at: t, in: g) }
      assertRelativelyEqual(
        second, centralDifference(at: x, of: gDerivative), tolerance: 1e-8, "g″(\(x))")
    }
  }

  func testDualIsSendable() {
    func requireSendable<T: Sendable>(_ value: T) -> T { value }
    XCTAssertEqual(requireSendable(Dual<Double>.variable(1)).derivative, 1)
  }
}
