import Optimizers
import XCTest
import _TestSupport

final class IterationsTests: XCTestCase {
  let objective = { (x: Tensor<Double>) in 0.5 * (x * x).sum() }

  /// The first element is the start with its value and gradient (as in ProtoGrad); each later
  /// one is one step further.
  func testFirstElementIsTheStartingPoint() {
    let iterations = GradientDescent(stepSize: 0.5).iterations(
      from: Tensor<Double>([2, -4]), minimizing: objective)
    let steps = Array(iterations.prefix(3))
    XCTAssertEqual(steps.map(\.solution.scalars), [[2, -4], [1, -2], [0.5, -1]])
    XCTAssertEqual(steps.map(\.value), [10, 2.5, 0.625])
    XCTAssertEqual(steps.map(\.gradient.scalars), [[2, -4], [1, -2], [0.5, -1]])
  }

  func testEachStepCallsTheObjectiveOnce() {
    var calls = 0
    let counted = { (x: Tensor<Double>) -> Tensor<Double> in
      calls += 1
      return 0.5 * (x * x).sum()
    }
    let iterations = Adam().iterations(from: Tensor<Double>([1, 2]), minimizing: counted)
    _ = last(iterations.prefix(25))
    XCTAssertEqual(calls, 25)
    calls = 0
    _ = Array(iterations.lazy.prefix(while: { $0.value > 0 }).prefix(7))
    XCTAssertEqual(calls, 7)
  }

  func testWorksWithTheStandardLibrary() {
    let iterations = GradientDescent(stepSize: 0.5).iterations(
      from: Tensor<Double>([1]), minimizing: objective)
    let untilSmall = iterations.prefix(while: { $0.value > 1e-3 })
    XCTAssertEqual(untilSmall.count, 5, "values 0.5, 0.125, …, halving the solution each step")
    let lazyValues = iterations.lazy.map(\.value).prefix(while: { $0 > 1e-3 })
    XCTAssertEqual(Array(lazyValues), untilSmall.map(\.value))
    let logged = iterations.enumerated().prefix(10).filter { $0.offset % 3 == 0 }
    XCTAssertEqual(logged.map(\.offset), [0, 3, 6, 9])
    XCTAssertEqual(logged[1].element.solution.scalars, [0.125])
    var count = 0
    for iteration in iterations {
      count += 1
      if iteration.value < 1e-6 { break }
    }
    XCTAssertEqual(count, 11)
  }

  /// Iterating again starts over from the start, which is never mutated.
  func testIteratingAgainStartsOver() {
    let start = Tensor<Double>([3, 1])
    let iterations = Nesterov(stepSize: 0.2).iterations(from: start, minimizing: objective)
    let first = Array(iterations.prefix(6)).map(\.solution.scalars)
    let second = Array(iterations.prefix(6)).map(\.solution.scalars)
    XCTAssertEqual(first, second)
    XCTAssertEqual(start.scalars, [3, 1])
  }

  /// When the caller keeps no previous solution, each step updates the parameters in place.
  func testUpdatesInPlaceWhenThePreviousSolutionIsNotHeld() {
    var iterator = Adam(stepSize: 0.1).iterations(
      from: QuadraticModel<Float>.zero, minimizing: QuadraticModel.objective)
    _ = iterator.next()
    _ = iterator.next()
    let address = storageAddress(iterator.next()!.solution.matrix)
    for _ in 0..<5 {
      XCTAssertEqual(storageAddress(iterator.next()!.solution.matrix), address)
    }
  }

  /// An iteration the caller keeps is a value: later steps, in place or not, never change its
  /// solution or gradient.
  func testAKeptIterationDoesNotChange() {
    var iterator = GradientDescent(stepSize: 0.5).iterations(
      from: Tensor<Double>([2, -4]), minimizing: objective)
    let first = iterator.next()!
    let second = iterator.next()!
    for _ in 0..<3 { _ = iterator.next() }
    let sixth = iterator.next()!
    XCTAssertEqual(first.solution.scalars, [2, -4])
    XCTAssertEqual(first.gradient.scalars, [2, -4])
    XCTAssertEqual(second.solution.scalars, [1, -2])
    XCTAssertEqual(second.gradient.scalars, [1, -2])
    XCTAssertEqual(second.value, 2.5)
    XCTAssertEqual(sixth.solution.scalars, [0.0625, -0.125])
  }

  /// Copies of a sequence made between steps share its current point; each then steps on its
  /// own, and neither changes the other's iterations.
  func testCopiesOfASequenceStepIndependently() {
    var first = GradientDescent(stepSize: 0.5).iterations(
      from: Tensor<Double>([2, -4]), minimizing: objective)
    _ = first.next()
    var second = first
    let a = first.next()!
    let b = second.next()!
    let c = second.next()!
    XCTAssertEqual(a.solution.scalars, [1, -2])
    XCTAssertEqual(b.solution.scalars, [1, -2])
    XCTAssertEqual(c.solution.scalars, [0.5, -1])
    XCTAssertEqual(first.next()!.solution.scalars, [0.5, -1])
    XCTAssertEqual(a.gradient.scalars, [1, -2])
  }

  /// A solution the caller keeps without its iteration does not change either: the next step
  /// updates the parameters in a buffer of their own.
  func testAKeptSolutionDoesNotChange() {
    var iterator = Adam(stepSize: 0.1).iterations(
      from: Tensor<Double>([2, -4]), minimizing: objective)
    _ = iterator.next()
    let solution = iterator.next()!.solution
    let kept = solution.scalars
    for _ in 0..<3 { _ = iterator.next() }
    XCTAssertEqual(solution.scalars, kept)
    XCTAssertNotEqual(iterator.next()!.solution.scalars, kept)
  }

  /// The README's walkthrough: 100 steps of gradient descent as a sequence agree with the
  /// hand-written loop.
  func testWalkthrough() {
    var rng = SeededRandomNumberGenerator(seed: 3)
    let m = LinearModel<Double>(
      A: .randomNormal(shape: [3, 5], using: &rng), b: .randomNormal(shape: [3], using: &rng))
    func squaredErrorPerSample(_ yhat: Tensor<Double>, _ y: Tensor<Double>) -> Tensor<Double> {
      ((yhat - y) * (yhat - y)).sum() / Double(y.shape[0])
    }
    let x = Tensor<Double>.randomNormal(shape: [300, 5], using: &rng)
    let y =
      matmulTransposed(x, Tensor.randomNormal(shape: [3, 5], using: &rng))
      + Tensor.randomNormal(shape: [300, 3], using: &rng)
    let objective = { (model: LinearModel<Double>) in squaredErrorPerSample(model(x), y) }

    var mFit = m
    for _ in 0..<100 { mFit -= 0.1 * gradient(at: mFit, in: objective) }

    let iterations = GradientDescent(stepSize: 0.1).iterations(from: m, minimizing: objective)
    let solution = last(iterations.prefix(101))!.solution
    assertSameScalars(solution.flattened(), mFit.flattened(), "sequence and loop", 1e-12)
    XCTAssertLessThan(objective(solution).scalar, 0.5 * objective(m).scalar)
  }
}
