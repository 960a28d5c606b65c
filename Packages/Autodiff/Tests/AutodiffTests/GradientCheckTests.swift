import XCTest
import _TestSupport

@testable import Autodiff

final class GradientCheckTests: XCTestCase {
  func testCorrectPullbackPasses() {
    let report = checkGradient(at: testTensor([3, 2])) { x in (x * x * x).sum() }
    XCTAssertTrue(report.passes(tolerance: 1e-8), "\(report)")
    XCTAssertEqual(report.checkedCount, 6)
  }

  /// The checker is only useful if it catches mistakes: a deliberately wrong pullback (off by a
  /// factor of 2 on the second parameter) must be reported, with its path.
  func testWrongPullbackIsCaughtAndLocated() {
    struct Pair: Model {
      typealias Scalar = Double
      var first: Tensor<Double>
      var second: Tensor<Double>
    }
    func wrongSquare(_ x: Tensor<Double>) -> Tensor<Double> {
      differentiableOperation(of: x, value: x * x) { g, _, x in g * 4 * x }  // should be 2x
    }
    let pair = Pair(first: testTensor([2]), second: testTensor([3], seed: 2))
    let report = checkGradient(at: pair) { p in
      (p.first * p.first).sum() + wrongSquare(p.second).sum()
    }
    XCTAssertFalse(report.passes(), "\(report)")
    XCTAssertTrue(report.worstLocation.hasPrefix("second["), report.worstLocation)
    XCTAssertGreaterThan(report.worstRelativeError, 0.1)
  }

  /// A pullback that is right to first order but written with captured tensors, not the ones it
  /// is handed, gets second derivatives wrong: the forward-mode comparison catches that.
  func testPullbackUsingCapturedValuesBreaksSecondOrder() {
    func square(_ x: Tensor<Double>) -> Tensor<Double> {
      let captured = x.withoutDerivative()
      return differentiableOperation(of: x, value: x * x) { g, _, _ in g * 2 * captured }
    }
    let x = testTensor([3])
    let correct = hessianVectorProduct(at: x, along: Tensor([1, 1, 1])) { x in (x * x).sum() }
    let broken = hessianVectorProduct(at: x, along: Tensor([1, 1, 1])) { x in square(x).sum() }
    XCTAssertEqual(correct.scalars, [2, 2, 2])
    XCTAssertEqual(broken.scalars, [0, 0, 0])
  }
}
