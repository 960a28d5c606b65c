import Autodiff
import XCTest

/// Euler's constant γ = −ψ(1).
let eulerGamma = 0.577_215_664_901_532_860_6

/// Digamma values from closed forms (Abramowitz and Stegun 6.3.2–6.3.4 and Gauss's digamma
/// theorem) and the recurrence ψ(x + 1) = ψ(x) + 1/x: independent of the series in the source.
let knownDigamma: [(x: Double, psi: Double)] = {
  let half = -eulerGamma - 2 * Double.log(2)
  let quarter = -eulerGamma - Double.pi / 2 - 3 * Double.log(2)
  let third = -eulerGamma - Double.pi / (2 * 3.0.squareRoot()) - 1.5 * Double.log(3)
  let harmonic9 = (1...9).map { 1 / Double($0) }.reduce(0, +)
  return [
    (0.25, quarter), (1.0 / 3, third), (0.5, half),
    (0.75, -eulerGamma + Double.pi / 2 - 3 * Double.log(2)),
    (1, -eulerGamma), (1.25, quarter + 4), (2.5, half + 2 + 2.0 / 3),
    (10, harmonic9 - eulerGamma), (-0.5, half + 2), (-0.75, quarter + 4.0 / 3),
    (-2.5, half + 2 + 2.0 / 3 + 0.4),
  ]
}()

final class DualRealFunctionsTests: XCTestCase {
  typealias D = Dual<Double>

  func testExponentialsLogarithmsAndErrorFunctions() {
    let twoOverRootPi = 2 / Double.pi.squareRoot()
    let cases = [
      UnaryCase(
        name: "exp2", dual: D.exp2, plain: Double.exp2,
        analytic: { Double.log(2) * Double.exp2($0) }, points: [-3, 0, 0.5, 10]),
      UnaryCase(
        name: "exp10", dual: D.exp10, plain: Double.exp10,
        analytic: { Double.log(10) * Double.exp10($0) }, points: [-3, 0, 0.5, 2]),
      UnaryCase(
        name: "log2", dual: D.log2, plain: Double.log2,
        analytic: { 1 / ($0 * Double.log(2)) }, points: [0.1, 1, 3, 1e5]),
      UnaryCase(
        name: "log10", dual: D.log10, plain: Double.log10,
        analytic: { 1 / ($0 * Double.log(10)) }, points: [0.1, 1, 3, 1e5]),
      UnaryCase(
        name: "erf", dual: D.erf, plain: Double.erf,
        analytic: { twoOverRootPi * Double.exp(-$0 * $0) }, points: [-2, -0.3, 0, 0.8, 3]),
      UnaryCase(
        name: "erfc", dual: D.erfc, plain: Double.erfc,
        analytic: { -twoOverRootPi * Double.exp(-$0 * $0) }, points: [-2, -0.3, 0, 0.8, 3]),
      UnaryCase(
        name: "cosMinusOne", dual: D.cosMinusOne, plain: Double.cosMinusOne,
        analytic: { -Double.sin($0) }, points: [-2, -1e-3, 0.5, 3]),
    ]
    XCTAssertEqual(assertDerivatives(cases, tolerance: 1e-14), 30)
  }

  func testGammaAndLogGammaAgainstKnownDigammaValues() {
    let points = knownDigamma.map(\.x)
    let psi = Dictionary(uniqueKeysWithValues: knownDigamma.map { ($0.x, $0.psi) })
    let cases = [
      UnaryCase(
        name: "gamma", dual: D.gamma, plain: Double.gamma,
        analytic: { Double.gamma($0) * psi[$0]! }, points: points),
      UnaryCase(
        name: "logGamma", dual: D.logGamma, plain: Double.logGamma,
        analytic: { psi[$0]! }, points: points),
    ]
    XCTAssertEqual(assertDerivatives(cases, tolerance: 1e-13, differenceTolerance: 1e-7), 22)
  }

  func testDigammaAwayFromTheKnownPoints() {
    // Only finite differences here: logGamma′ = ψ on both sides of the poles and for large x.
    for x in [-3.7, -1.2, 0.01, 1.7, 37.5, 1e6] {
      assertRelativelyEqual(
        D.logGamma(.variable(x)).derivative, centralDifference(at: x, of: Double.logGamma),
        tolerance: 1e-7, "ψ(\(x))")
    }
    XCTAssertTrue(D.logGamma(.variable(-2)).derivative.isNaN, "ψ has a pole at −2")
  }

  func testSignGammaFollowsTheValue() {
    XCTAssertEqual(D.signGamma(.variable(-0.5)), .minus)
    XCTAssertEqual(D.signGamma(.variable(-1.5)), .plus)
    XCTAssertEqual(D.signGamma(.variable(2)), .plus)
  }

  func testTwoArgumentFunctions() {
    let points: [(Double, Double)] = [(1, 1), (-2, 0.5), (-0.3, -4), (3, -0.2)]
    for (x, y) in points {
      let radiusSquared = x * x + y * y
      let atan2 = partials(at: x, y) { D.atan2(y: $1, x: $0) }
      assertRelativelyEqual(atan2.x, -y / radiusSquared, tolerance: 1e-13, "atan2 ∂x")
      assertRelativelyEqual(atan2.y, x / radiusSquared, tolerance: 1e-13, "atan2 ∂y")
      assertRelativelyEqual(
        atan2.x, centralDifference(at: x) { Double.atan2(y: y, x: $0) }, tolerance: 1e-8)
      assertRelativelyEqual(
        atan2.y, centralDifference(at: y) { Double.atan2(y: $0, x: x) }, tolerance: 1e-8)

      let radius = radiusSquared.squareRoot()
      let hypot = partials(at: x, y, of: D.hypot)
      assertRelativelyEqual(hypot.x, x / radius, tolerance: 1e-13, "hypot ∂x")
      assertRelativelyEqual(hypot.y, y / radius, tolerance: 1e-13, "hypot ∂y")
      assertRelativelyEqual(
        hypot.x, centralDifference(at: x) { Double.hypot($0, y) }, tolerance: 1e-8)
      assertRelativelyEqual(
        hypot.y, centralDifference(at: y) { Double.hypot(x, $0) }, tolerance: 1e-8)

      let pow = partials(at: abs(x), y, of: D.pow)
      assertRelativelyEqual(
        pow.y, centralDifference(at: y) { Double.pow(abs(x), $0) }, tolerance: 1e-8)
    }
  }

  func testSecondDerivativesOfGammaUseTrigamma() {
    typealias DD = Dual<Dual<Double>>
    let catalan = 0.915_965_594_177_219_015
    let trigamma: [(x: Double, value: Double)] = [
      (0.25, Double.pi * Double.pi + 8 * catalan), (0.5, Double.pi * Double.pi / 2),
      (1, Double.pi * Double.pi / 6), (2, Double.pi * Double.pi / 6 - 1),
    ]
    let psi = Dictionary(uniqueKeysWithValues: knownDigamma.map { ($0.x, $0.psi) })
    for (x, value) in trigamma {
      assertRelativelyEqual(
        secondDerivative(at: x, of: DD.logGamma), value, tolerance: 1e-13, "logGamma″(\(x))")
      guard let digamma = psi[x] ?? (x == 2 ? 1 - eulerGamma : nil) else {
        return XCTFail("no digamma value for \(x)")
      }
      assertRelativelyEqual(
        secondDerivative(at: x, of: DD.gamma), Double.gamma(x) * (digamma * digamma + value),
        tolerance: 1e-13, "gamma″(\(x))")
    }
    // erf″ = −2x·erf′
    for x in [-1.0, 0.4] {
      assertRelativelyEqual(
        secondDerivative(at: x, of: DD.erf),
        -2 * x * 2 / Double.pi.squareRoot() * Double.exp(-x * x), tolerance: 1e-14)
    }
  }

  func testDocumentationExamples() {
    XCTAssertEqual(D.atan2(y: .variable(1), x: 1).derivative, 0.5)
    XCTAssertEqual(D.hypot(.variable(3), 4).derivative, 0.6)
    XCTAssertEqual(D.gamma(.variable(1)).derivative, -eulerGamma, accuracy: 1e-15)
    XCTAssertEqual(D.logGamma(.variable(2)).derivative, 1 - eulerGamma, accuracy: 1e-15)
    XCTAssertEqual(D.erf(.variable(0)).derivative, 1.1283791670955126, accuracy: 1e-15)
    XCTAssertEqual(D._mulAdd(.variable(2), 3, 1).derivative, 3)
  }
}
