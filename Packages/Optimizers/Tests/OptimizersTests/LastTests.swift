import Foundation
import Optimizers
import XCTest
import _TestSupport

final class LastTests: XCTestCase {
  func testLastElementOrNil() {
    XCTAssertEqual(last([1, 2, 3]), 3)
    XCTAssertNil(last([Int]()))
    XCTAssertEqual(last((1...).lazy.map { $0 * 2 }.prefix(5)), 10)
  }

  func testWalkthroughLine() {
    let objective = { (x: Tensor<Double>) in 0.5 * (x * x).sum() }
    let iterations = GradientDescent(stepSize: 0.1).iterations(
      from: Tensor<Double>([1]), minimizing: objective)
    let solution = last(iterations.prefix(101))!.solution
    XCTAssertEqual(solution.scalars[0], pow(0.9, 100), accuracy: 1e-15)
  }
}
