import Optimizers
import XCTest
import _TestSupport

final class StepSizeTests: XCTestCase {
  func testNumbersAreConstantStepSizes() {
    let lipschitz = 10.0
    let single: Float = 0.5
    XCTAssertEqual(Array(GradientDescent(stepSize: 0.1).stepSize.prefix(3)), [0.1, 0.1, 0.1])
    XCTAssertEqual(Array(GradientDescent(stepSize: 1 / lipschitz).stepSize.prefix(2)), [0.1, 0.1])
    XCTAssertEqual(Array(GradientDescent(stepSize: single).stepSize.prefix(1)), [0.5])
    XCTAssertEqual(Array(GradientDescent(stepSize: 2).stepSize.prefix(1)), [2])
    let literal: StepSize = 0.25
    XCTAssertEqual(Array(literal.prefix(2)), [0.25, 0.25])
  }

  func testSchedulesYieldTheirSequence() {
    let decaying = StepSize((0...).lazy.map { k in 0.1 / Double(k + 1).squareRoot() })
    let expected = [0.1, 0.1 / 2.0.squareRoot(), 0.1 / 3.0.squareRoot()]
    XCTAssertEqual(Array(decaying.prefix(3)), expected)
    let fromFloats = StepSize([Float(0.5), 0.25])
    XCTAssertEqual(Array(fromFloats), [0.5, 0.25])
  }

  /// Each state starts the schedule from its beginning; the position is part of the state.
  func testEachStateStartsTheScheduleOver() {
    let rule = GradientDescent(stepSize: StepSize(stride(from: 1.0, to: 0, by: -0.25)))
    let objective = { (x: Tensor<Double>) in -x.sum() }
    let first = last(rule.iterations(from: Tensor([0]), minimizing: objective).prefix(3))!
    let again = last(rule.iterations(from: Tensor([0]), minimizing: objective).prefix(3))!
    XCTAssertEqual(first.solution.scalars, [1.75])
    XCTAssertEqual(again.solution.scalars, [1.75])
  }

  func testAScheduleThatEndsStopsWithTheReason() {
    assertPreconditionFailure(
      self, containing: "GradientDescent: the step-size schedule ended after 2 steps"
    ) {
      let rule = GradientDescent(stepSize: StepSize([0.1, 0.1]))
      let objective = { (x: Tensor<Double>) in (x * x).sum() }
      _ = last(rule.iterations(from: Tensor([1]), minimizing: objective).prefix(4))
    }
  }

  func testANegativeScheduledStepStopsWithTheReason() {
    assertPreconditionFailure(
      self, containing: "Adam: step size 2 of the schedule is -0.1", "positive and finite"
    ) {
      let rule = Adam(stepSize: StepSize([0.1, -0.1]))
      var x = Tensor<Double>([1])
      var state = rule.makeState(for: x)
      for _ in 0..<2 { rule.update(&x, along: x, state: &state) }
    }
  }
}
