import Autodiff
import XCTest

/// Asserts `|actual − expected| ≤ tolerance·|expected|` (exact equality passes too, so zero
/// expectations need an exactly zero result; NaN always fails).
func assertRelativelyEqual<T: BinaryFloatingPoint>(
  _ actual: T, _ expected: T, tolerance: T, _ message: @autoclosure () -> String = "",
  file: StaticString = #filePath, line: UInt = #line
) {
  let passes = actual == expected || abs(actual - expected) <= tolerance * abs(expected)
  XCTAssertTrue(
    passes, "\(actual) is not within \(tolerance) (relative) of \(expected). \(message())",
    file: file, line: line)
}

/// The central difference `(f(x + h) − f(x − h))/2h`, improved by one Richardson step to
/// fourth order in `h` (relative to `x`). A check on forward mode that shares none of its code.
func centralDifference(at x: Double, step: Double = 1e-3, of f: (Double) -> Double) -> Double {
  let h = step * max(0.01, abs(x))
  func difference(_ h: Double) -> Double { (f(x + h) - f(x - h)) / (2 * h) }
  return (4 * difference(h / 2) - difference(h)) / 3
}

/// A one-argument function to check: the dual version, the plain version, its hand-derived
/// derivative, and points inside its domain.
struct UnaryCase {
  let name: String
  let dual: (Dual<Double>) -> Dual<Double>
  let plain: (Double) -> Double
  let analytic: (Double) -> Double
  let points: [Double]
}

/// Checks each case at each point: the dual value equals the plain value exactly, and the
/// dual derivative matches the analytic derivative (`tolerance`) and a central difference
/// (`differenceTolerance`). Returns the number of points checked.
@discardableResult
func assertDerivatives(
  _ cases: [UnaryCase], tolerance: Double = 1e-13, differenceTolerance: Double = 1e-8,
  file: StaticString = #filePath, line: UInt = #line
) -> Int {
  var checked = 0
  for testCase in cases {
    XCTAssertFalse(
      testCase.points.isEmpty, "\(testCase.name) has no points", file: file, line: line)
    for x in testCase.points {
      let result = testCase.dual(.variable(x))
      XCTAssertEqual(
        result.value, testCase.plain(x), "\(testCase.name) value at \(x)", file: file, line: line)
      assertRelativelyEqual(
        result.derivative, testCase.analytic(x), tolerance: tolerance,
        "\(testCase.name)′ at \(x) vs analytic", file: file, line: line)
      assertRelativelyEqual(
        result.derivative, centralDifference(at: x, of: testCase.plain),
        tolerance: differenceTolerance, "\(testCase.name)′ at \(x) vs central difference",
        file: file, line: line)
      checked += 1
    }
  }
  return checked
}

/// The partial derivatives of a two-argument dual function at `(x, y)`, one seed at a time.
func partials(
  at x: Double, _ y: Double, of f: (Dual<Double>, Dual<Double>) -> Dual<Double>
) -> (x: Double, y: Double) {
  (f(.variable(x), Dual(y)).derivative, f(Dual(x), .variable(y)).derivative)
}

/// The second derivative of `f` at `x`, by nesting `derivative(at:in:)`.
func secondDerivative(
  at x: Double, of f: (Dual<Dual<Double>>) -> Dual<Dual<Double>>
) -> Double {
  derivative(at: x) { t in derivative(at: t, in: f) }
}
