import Autodiff
import XCTest
import _TestSupport

/// The custom-derivative API with one pullback per input, for two inputs and for any number.
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

  /// `x ⊙ y + z`, broadcasting `z`, through the n-ary form with one pullback per input that
  /// logs its calls.
  func multiplyAdd(
    _ x: Tensor<Double>, _ y: Tensor<Double>, _ z: Tensor<Double>, calls: CallLog
  ) -> Tensor<Double> {
    let value = x.withoutDerivative() * y.withoutDerivative() + z.withoutDerivative()
    return differentiableOperation(
      of: [x, y, z], value: value,
      pullbacks: [
        { g, _, inputs in
          calls.names.append("x")
          return g * inputs[1]
        },
        { g, _, inputs in
          calls.names.append("y")
          return g * inputs[0]
        },
        { g, _, inputs in
          calls.names.append("z")
          return g.sum(toShape: inputs[2].shape)
        },
      ])
  }

  func testPerInputPullbacksAgreeWithFiniteDifferences() {
    let calls = CallLog()
    let (x, y, z) = (
      testTensor([2, 3], seed: 5), testTensor([2, 3], seed: 6), testTensor([3], seed: 7)
    )
    assertGradientIsCorrect(at: [x, y, z]) { inputs in
      (self.multiplyAdd(inputs[0], inputs[1], inputs[2], calls: calls) * inputs[0]).sum()
    }
    assertHessianVectorProductIsCorrect(at: x, along: testTensor([2, 3], seed: 8)) { x in
      (self.multiplyAdd(x, exp(x), x.sum(alongAxes: [0]).reshaped(to: [3]), calls: calls)).sum()
    }
  }

  func testPerInputPullbacksOfConstantInputsAreNotCalled() {
    let calls = CallLog()
    let (x, c) = (testTensor([2, 3], seed: 9), testTensor([2, 3], seed: 10))
    let z = testTensor([3], seed: 11)
    let g = gradient(at: x) { self.multiplyAdd($0, c, z, calls: calls).sum() }
    XCTAssertEqual(g.scalars, c.scalars)
    XCTAssertEqual(calls.names, ["x"])
    calls.names = []
    let (gy, gz) = gradient(at: c, z) { self.multiplyAdd(x, $0, $1, calls: calls).sum() }
    XCTAssertEqual(gy.scalars, x.scalars)
    XCTAssertEqual(gz.scalars, [2, 2, 2])
    XCTAssertEqual(Set(calls.names), ["y", "z"])
    // Outside a gradient computation nothing is recorded, so no pullback ever runs.
    calls.names = []
    _ = multiplyAdd(x, c, z, calls: calls)
    XCTAssertEqual(calls.names, [])
  }
}
