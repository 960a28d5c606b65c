import ProtoGrad
import XCTest
import _TestSupport

// The README walkthrough (SPEC §1), verbatim at file scope, then checked.

// A model is a plain struct; its `var` tensors are its parameters.
struct LinearModel: Layer {
  var A: Tensor<Double>
  var b: Tensor<Double>
  func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { matmul(x, A.transposed()) + b }
}

func squaredErrorPerSample(_ yhat: Tensor<Double>, _ y: Tensor<Double>) -> Tensor<Double> {
  ((yhat - y) * (yhat - y)).sum() / Double(y.shape[0])
}

final class WalkthroughTests: XCTestCase {
  func testTheWalkthroughRunsAsWritten() {
    var rng = SystemRandomNumberGenerator()  // or the library's seeded generator
    var m = LinearModel(
      A: .randomNormal(shape: [3, 5], using: &rng), b: .randomNormal(shape: [3], using: &rng))

    // Models form a vector space, for free.
    let mScaled = 2 * m  // a LinearModel
    let mSum = m + mScaled  // a LinearModel
    let before = m
    m += 0.5 * mSum  // in place
    let d = dot(m, mSum)  // a Double
    assertSameScalars(m.flattened(), (2.5 * before).flattened(), "m after +=", 1e-12)
    XCTAssertEqual(d, 7.5 * dot(before, before), accuracy: 1e-9 * abs(d))

    // An objective is any function of the model.
    let x = Tensor<Double>.randomNormal(shape: [300, 5], using: &rng)
    let y =
      matmul(x, Tensor.randomNormal(shape: [3, 5], using: &rng).transposed())
      + Tensor.randomNormal(shape: [300, 3], using: &rng)
    let objective = { (model: LinearModel) in squaredErrorPerSample(model(x), y) }

    // Stochastic objectives draw a new batch on every call.
    let batches = forever { () -> (Tensor<Double>, Tensor<Double>) in
      let idx = Array((0..<300).shuffled().prefix(64))
      return (x.gathering(atIndices: idx, alongAxis: 0), y.gathering(atIndices: idx, alongAxis: 0))
    }
    let stochasticObjective = SupervisedObjective(loss: squaredErrorPerSample, data: batches)

    // The gradient is a LinearModel too.
    let (value, grad) = valueWithGradient(at: m, in: objective)

    // Gradient descent by hand ...
    var mFit = m
    for _ in 0..<100 { mFit -= 0.1 * gradient(at: mFit, in: objective) }

    // ... or as a sequence of iterations (the first is the starting point).
    let iterations = GradientDescent(stepSize: 0.1).iterations(from: m, minimizing: objective)
    let solution = last(iterations.prefix(101))!.solution

    // The checks: the closed-form gradient (∂/∂A = (2/n)·rᵀx, ∂/∂b = (2/n)·Σr) ...
    let r = m(x) - y
    XCTAssertEqual(value, squaredErrorPerSample(m(x), y).scalar, accuracy: 1e-12)
    assertSameScalars(
      grad.A.scalars, ((2.0 / 300) * matmul(r.transposed(), x)).scalars, "∂A", 1e-10)
    assertSameScalars(grad.b.scalars, ((2.0 / 300) * r.sum(alongAxes: [0])).scalars, "∂b", 1e-10)
    // ... the loop and the sequence take the same 100 steps ...
    assertSameScalars(solution.flattened(), mFit.flattened(), "sequence vs loop", 1e-10)
    XCTAssertLessThan(objective(solution).scalar, value)
    // ... and the stochastic objective is a function of the model on a 64-row batch.
    XCTAssert(stochasticObjective(m).scalar.isFinite)
    XCTAssertEqual(gradient(at: m) { stochasticObjective($0) }.A.shape, [3, 5])
    // A SupervisedObjective goes where an objective function goes.
    XCTAssertEqual(gradient(at: m, in: stochasticObjective).b.shape, [3])
    XCTAssert(valueWithGradient(at: m, in: stochasticObjective).value.isFinite)
    let stochasticSteps = GradientDescent(stepSize: 0.05).iterations(
      from: m, minimizing: stochasticObjective)
    XCTAssertLessThan(objective(last(stochasticSteps.prefix(200))!.solution).scalar, value)
  }
}
