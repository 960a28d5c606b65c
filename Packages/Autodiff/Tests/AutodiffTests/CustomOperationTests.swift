import Autodiff
import XCTest
import _TestSupport

/// The custom-derivative API with one pullback per input.
final class CustomOperationTests: XCTestCase {
  final class CallLog { var names: [String] = [] }

  /// `x ⊙ y` with separate pullbacks that count their calls.
  func product(_ x: Tensor<Double>, _ y: Tensor<Double>, calls: CallLog) -> Tensor<Double> {
    differentiableOperation(
      of: x, y, value: x.withoutDerivative() * y.withoutDerivative(),
      pullbackOfFirst: { g, _, _, y in
        calls.names.append("first")
        return g * y
      },
      pullbackOfSecond: { g, _, x, _ in
        calls.names.append("second")
        return g * x
      })
  }

  func testOnlyGradientsOfDifferentiatedInputsAreComputed() {
    let calls = CallLog()
    let x = testTensor([3], seed: 1)
    let c = testTensor([3], seed: 2)
    let g = gradient(at: x) { self.product($0, c, calls: calls).sum() }
    XCTAssertEqual(g.scalars, c.scalars)
    XCTAssertEqual(calls.names, ["first"])
    calls.names = []
    _ = gradient(at: x) { self.product(c, $0, calls: calls).sum() }
    XCTAssertEqual(calls.names, ["second"])
  }

  func testBothPullbacksAgreeWithFiniteDifferencesAndSecondOrder() {
    let calls = CallLog()
    let x = testTensor([2, 3], seed: 3)
    assertGradientIsCorrect(at: x) { x in (self.product(x, exp(x), calls: calls)).sum() }
    assertHessianVectorProductIsCorrect(at: x, along: testTensor([2, 3], seed: 4)) { x in
      (self.product(x, x * x, calls: calls)).sum()
    }
  }
}
