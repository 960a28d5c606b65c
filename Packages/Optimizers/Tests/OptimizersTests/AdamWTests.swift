import Foundation
import Optimizers
import XCTest
import _TestSupport

final class AdamWTests: XCTestCase {
  /// Each step shrinks the parameters by `ηλθ` on top of the Adam step, computed by hand.
  func testDecayMatchesHandComputation() {
    let (eta, lambda) = (0.1, 0.5)
    let rule = AdamW(stepSize: eta, beta1: 0.9, beta2: 0.99, epsilon: 1e-8, weightDecay: lambda)
    var x = Tensor<Double>([2, -4])
    var state = rule.makeState(for: x)
    var (m, v, expected) = ([0.0, 0], [0.0, 0], [2.0, -4])
    for (t, g) in [[1.0, 1], [-2.0, 0.5], [0.0, 0]].enumerated() {
      rule.update(&x, along: Tensor(g), state: &state)
      let step = Double(t + 1)
      let correctedStep = eta * (1 - pow(0.99, step)).squareRoot() / (1 - pow(0.9, step))
      for i in 0..<2 {
        m[i] = 0.9 * m[i] + 0.1 * g[i]
        v[i] = 0.99 * v[i] + 0.01 * g[i] * g[i]
        expected[i] +=
          -eta * lambda * expected[i] - correctedStep * m[i] / (v[i].squareRoot() + 1e-8)
      }
      assertSameScalars(x.scalars, expected, "step \(t + 1)", 1e-14)
    }
  }

  /// With a zero gradient and no momentum the decay alone acts: `θ ← (1 − ηλ) θ`.
  func testDecayAloneShrinksGeometrically() {
    let rule = AdamW(stepSize: 0.1, beta1: 0, weightDecay: 0.2)
    var x = Tensor<Double>([1, -3])
    var state = rule.makeState(for: x)
    for _ in 0..<5 { rule.update(&x, along: Tensor([0, 0]), state: &state) }
    assertSameScalars(x.scalars, [pow(0.98, 5), -3 * pow(0.98, 5)], "(1 − ηλ)⁵ θ", 1e-14)
  }

  func testZeroDecayIsAdam() {
    let adamW = AdamW(stepSize: 0.1, weightDecay: 0)
    let adam = Adam(stepSize: 0.1)
    let start = QuadraticModel<Double>.zero
    let a = last(adamW.iterations(from: start, minimizing: QuadraticModel.objective).prefix(20))!
    let b = last(adam.iterations(from: start, minimizing: QuadraticModel.objective).prefix(20))!
    XCTAssertEqual(a.solution.flattened(), b.solution.flattened())
  }

  /// Decoupled decay is not L2 regularization: Adam rescales a decay added to the gradient.
  func testDiffersFromWeightDecayBeforeAdam() {
    let start = Tensor<Double>([1, 100])
    let objective = { (x: Tensor<Double>) in (x * x).sum() }
    let decoupled = AdamW(stepSize: 0.1, weightDecay: 0.1)
    let coupled = Chain(WeightDecay(rate: 0.1), Adam(stepSize: 0.1))
    let a = last(decoupled.iterations(from: start, minimizing: objective).prefix(3))!.solution
    let b = last(coupled.iterations(from: start, minimizing: objective).prefix(3))!.solution
    XCTAssertGreaterThan(abs(a.scalars[1] - b.scalars[1]), 1)
  }

  func testWeightDecayMustBeNonNegative() {
    assertPreconditionFailure(self, containing: "AdamW: weightDecay must be non-negative") {
      _ = AdamW(weightDecay: -1)
    }
    assertPreconditionFailure(self, containing: "AdamW: beta1 must be in [0, 1)") {
      _ = AdamW(beta1: 2)
    }
  }
}
