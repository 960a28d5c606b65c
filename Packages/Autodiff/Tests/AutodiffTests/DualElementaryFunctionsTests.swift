import Autodiff
import XCTest

/// Each derivative is checked against a textbook formula written here independently of the
/// implementation (e.g. tanh′ = 1/cosh², where the implementation uses 1 − tanh²), and against
/// a central difference of the plain `Double` function.
final class DualElementaryFunctionsTests: XCTestCase {
  typealias D = Dual<Double>

  func testExponentialAndLogarithmicFunctions() {
    let cases = [
      UnaryCase(
        name: "exp", dual: D.exp, plain: Double.exp, analytic: Double.exp,
        points: [-3, -0.5, 0, 1.2, 5]),
      UnaryCase(
        name: "expMinusOne", dual: D.expMinusOne, plain: Double.expMinusOne,
        analytic: Double.exp, points: [-2, -1e-3, 0.4, 3]),
      UnaryCase(
        name: "log", dual: { D.log($0) }, plain: { Double.log($0) }, analytic: { 1 / $0 },
        points: [0.01, 0.5, 1, 7, 1e3]),
      UnaryCase(
        name: "log(onePlus:)", dual: { D.log(onePlus: $0) }, plain: { Double.log(onePlus: $0) },
        analytic: { 1 / (1 + $0) }, points: [-0.9, -1e-3, 0.5, 10]),
    ]
    XCTAssertEqual(assertDerivatives(cases), 18)
  }

  func testTrigonometricFunctions() {
    let cases = [
      UnaryCase(
        name: "sin", dual: D.sin, plain: Double.sin, analytic: Double.cos,
        points: [-2, -0.3, 0.7, 3]),
      UnaryCase(
        name: "cos", dual: D.cos, plain: Double.cos, analytic: { -Double.sin($0) },
        points: [-2, -0.3, 0.7, 3]),
      UnaryCase(
        name: "tan", dual: D.tan, plain: Double.tan,
        analytic: { 1 / (Double.cos($0) * Double.cos($0)) }, points: [-1.2, -0.3, 0.7, 1.4]),
      UnaryCase(
        name: "asin", dual: D.asin, plain: Double.asin,
        analytic: { 1 / (1 - $0 * $0).squareRoot() }, points: [-0.8, -0.2, 0.5, 0.9]),
      UnaryCase(
        name: "acos", dual: D.acos, plain: Double.acos,
        analytic: { -1 / (1 - $0 * $0).squareRoot() }, points: [-0.8, -0.2, 0.5, 0.9]),
      UnaryCase(
        name: "atan", dual: D.atan, plain: Double.atan, analytic: { 1 / (1 + $0 * $0) },
        points: [-5, -0.3, 0.7, 20]),
    ]
    XCTAssertEqual(assertDerivatives(cases), 24)
  }

  func testHyperbolicFunctions() {
    let cases = [
      UnaryCase(
        name: "sinh", dual: D.sinh, plain: Double.sinh, analytic: Double.cosh,
        points: [-3, -0.2, 0.6, 4]),
      UnaryCase(
        name: "cosh", dual: D.cosh, plain: Double.cosh, analytic: Double.sinh,
        points: [-3, -0.2, 0.6, 4]),
      UnaryCase(
        name: "tanh", dual: D.tanh, plain: Double.tanh,
        analytic: { 1 / (Double.cosh($0) * Double.cosh($0)) }, points: [-3, -0.2, 0.6, 4]),
      UnaryCase(
        name: "asinh", dual: D.asinh, plain: Double.asinh,
        analytic: { 1 / (1 + $0 * $0).squareRoot() }, points: [-30, -0.2, 0.6, 4]),
      UnaryCase(
        name: "acosh", dual: D.acosh, plain: Double.acosh,
        analytic: { 1 / ($0 * $0 - 1).squareRoot() }, points: [1.1, 1.5, 3, 40]),
      UnaryCase(
        name: "atanh", dual: D.atanh, plain: Double.atanh, analytic: { 1 / (1 - $0 * $0) },
        points: [-0.7, -0.2, 0.4, 0.8]),
    ]
    XCTAssertEqual(assertDerivatives(cases, differenceTolerance: 1e-7), 24)
  }

  func testPowersAndRoots() {
    var cases = [
      UnaryCase(
        name: "sqrt", dual: D.sqrt, plain: Double.sqrt, analytic: { 0.5 / $0.squareRoot() },
        points: [0.04, 1, 2, 1e4]),
      UnaryCase(
        name: "pow(x, 2.5)", dual: { D.pow($0, 2.5) }, plain: { Double.pow($0, 2.5) },
        analytic: { 2.5 * Double.pow($0, 1.5) }, points: [0.1, 1, 3.5]),
      UnaryCase(
        name: "pow(1.7, y)", dual: { D.pow(1.7, $0) }, plain: { Double.pow(1.7, $0) },
        analytic: { Double.pow(1.7, $0) * Double.log(1.7) }, points: [-2, 0, 0.5, 4]),
      UnaryCase(
        name: "pow(x, x)", dual: { D.pow($0, $0) }, plain: { Double.pow($0, $0) },
        analytic: { Double.pow($0, $0) * (Double.log($0) + 1) }, points: [0.2, 1, 2.5]),
    ]
    for n in [-3, -1, 1, 2, 5] {
      cases.append(
        UnaryCase(
          name: "pow(x, \(n))", dual: { D.pow($0, n) }, plain: { Double.pow($0, n) },
          analytic: { Double(n) * Double.pow($0, n - 1) }, points: [-1.5, 0.3, 2]))
    }
    for n in [2, 3, 5, -2] {
      let points: [Double] = n % 2 == 0 ? [0.3, 2, 50] : [-8, -0.3, 0.3, 2, 50]
      cases.append(
        UnaryCase(
          name: "root(x, \(n))", dual: { D.root($0, n) }, plain: { Double.root($0, n) },
          analytic: { Double.pow($0.magnitude, 1 / Double(n) - 1) / Double(n) },
          points: points))
    }
    XCTAssertEqual(assertDerivatives(cases, tolerance: 1e-12, differenceTolerance: 1e-7), 45)
  }

  func testPowerPartialDerivatives() {
    for (x, y) in [(0.5, 3.0), (2.0, -1.5), (7.0, 0.25)] {
      let (dx, dy) = partials(at: x, y, of: D.pow)
      assertRelativelyEqual(dx, y * Double.pow(x, y - 1), tolerance: 1e-13, "∂x at \(x), \(y)")
      assertRelativelyEqual(
        dy, Double.pow(x, y) * Double.log(x), tolerance: 1e-13, "∂y at \(x), \(y)")
    }
  }

  func testPowerAtZeroUsesOneSidedLimits() {
    XCTAssertEqual(D.pow(.variable(0), 2.5).derivative, 0)
    XCTAssertEqual(D.pow(.variable(0), 1).derivative, 1)
    XCTAssertEqual(D.pow(.variable(0), 0.5).derivative, .infinity)
    XCTAssertEqual(D.pow(0, .variable(2)).derivative, 0)
    XCTAssertEqual(D.pow(.variable(0), 0).derivative, 0)
    XCTAssertEqual(D.pow(.variable(2), 0).value, 1)
  }

  func testDocumentationExamples() {
    XCTAssertEqual(D.pow(.variable(2), 3).derivative, 12)
    assertRelativelyEqual(
      D.pow(2, .variable(3)).derivative, 8 * Double.log(2), tolerance: 1e-15)
    XCTAssertEqual(D.pow(.variable(-2), 3).derivative, 12)
    assertRelativelyEqual(D.root(.variable(8), 3).derivative, 1.0 / 12, tolerance: 1e-15)
    assertRelativelyEqual(D.acosh(.variable(2)).derivative, 1 / 3.0.squareRoot(), tolerance: 1e-15)
    XCTAssertEqual(D.atanh(.variable(0.5)).derivative, 4.0 / 3)
  }

  func testSecondDerivativesThroughNestedDuals() {
    typealias DD = Dual<Dual<Double>>
    for x in [-0.8, 0.3, 1.1] {
      // (sin·exp)″ = 2·cos·exp
      assertRelativelyEqual(
        secondDerivative(at: x) { DD.sin($0) * DD.exp($0) },
        2 * Double.cos(x) * Double.exp(x), tolerance: 1e-13, "(sin·exp)″ at \(x)")
      // tan″ = 2·tan·sec²
      let secant = 1 / Double.cos(x)
      assertRelativelyEqual(
        secondDerivative(at: x, of: DD.tan), 2 * Double.tan(x) * secant * secant,
        tolerance: 1e-13, "tan″ at \(x)")
      // atan″ = −2x/(1 + x²)²
      assertRelativelyEqual(
        secondDerivative(at: x, of: DD.atan), -2 * x / ((1 + x * x) * (1 + x * x)),
        tolerance: 1e-13, "atan″ at \(x)")
      // (x^3.5)″ = 8.75·x^1.5, on |x| to stay in the domain
      assertRelativelyEqual(
        secondDerivative(at: abs(x)) { DD.pow($0, 3.5) }, 8.75 * Double.pow(abs(x), 1.5),
        tolerance: 1e-13, "pow″ at \(abs(x))")
    }
    // log″ = −1/x², against a second central difference as well.
    let x = 1.7
    let second = secondDerivative(at: x) { DD.log($0) }
    assertRelativelyEqual(second, -1 / (x * x), tolerance: 1e-14)
    let h = 1e-4
    let difference = (Double.log(x + h) - 2 * Double.log(x) + Double.log(x - h)) / (h * h)
    assertRelativelyEqual(second, difference, tolerance: 1e-6)
  }
}
