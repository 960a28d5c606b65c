// The README walkthrough on synthetic data: a linear model fitted by gradient descent, by hand and
// as a sequence of iterations, then by stochastic gradient descent on minibatches. Runs anywhere,
// no downloads.
//
//   Scripts/run linear-regression [--steps 100] [--seed 0]

import ArgumentParser
import ProtoGrad
import _ExampleSupport

/// The walkthrough's model: `Scalar` (`Double`) is inferred from `callAsFunction`.
struct LinearModel: Layer {
  var A: Tensor<Double>
  var b: Tensor<Double>
  func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { matmul(x, A.transposed()) + b }
}

func squaredErrorPerSample(_ yhat: Tensor<Double>, _ y: Tensor<Double>) -> Tensor<Double> {
  ((yhat - y) * (yhat - y)).sum() / Double(y.shape[0])
}

@main
struct LinearRegression: ParsableCommand {
  static let configuration = CommandConfiguration(
    commandName: "linear-regression",
    abstract: "Fit a 5 → 3 linear model to 300 noisy samples (the README walkthrough).")

  @Option(help: "Gradient-descent steps.")
  var steps = 100

  @Option(help: "Seed of the data, the starting model and the minibatches.")
  var seed: UInt64 = 0

  func validate() throws {
    guard steps > 0 else { throw ValidationError("--steps must be at least 1, not \(steps)") }
  }

  func run() {
    var rng = SeededRandomNumberGenerator(seed: seed)
    let truth = LinearModel(
      A: .randomNormal(shape: [3, 5], using: &rng), b: .randomNormal(shape: [3], using: &rng))
    let x = Tensor<Double>.randomNormal(shape: [300, 5], using: &rng)
    let noise = 0.1 * Tensor<Double>.randomNormal(shape: [300, 3], using: &rng)
    let y = truth(x) + noise
    let start = LinearModel(
      A: .randomNormal(shape: [3, 5], using: &rng), b: .randomNormal(shape: [3], using: &rng))
    let objective = { (model: LinearModel) in squaredErrorPerSample(model(x), y) }
    print("start:            loss \(format(objective(start).scalar, 6))")

    // Gradient descent by hand: the gradient is a LinearModel.
    var byHand = start
    for _ in 0..<steps { byHand -= 0.1 * gradient(at: byHand, in: objective) }
    print("by hand:          loss \(format(objective(byHand).scalar, 6))  (\(steps) steps)")

    // The same steps as a sequence of iterations: the first element is the starting point.
    let iterations = GradientDescent(stepSize: 0.1).iterations(from: start, minimizing: objective)
    for (k, iteration) in iterations.prefix(steps + 1).enumerated() where k % (steps / 4 + 1) == 0 {
      print("  iteration \(k): loss \(format(Double(iteration.value), 6))")
    }
    let solution = last(iterations.prefix(steps + 1))!.solution
    print("as a sequence:    loss \(format(objective(solution).scalar, 6))")

    // Stochastic gradient descent: every call of the objective sees a new minibatch of 64.
    let batches = randomMinibatches(x, y, batchSize: 64, using: &rng)
    let stochastic = SupervisedObjective(loss: squaredErrorPerSample, data: batches)
    let sgd = last(
      GradientDescent(stepSize: 0.05).iterations(from: start, minimizing: stochastic)
        .prefix(5 * steps))!.solution
    print("stochastic:       loss \(format(objective(sgd).scalar, 6))  (\(5 * steps) minibatches)")

    let error = (solution - truth).norm / truth.norm
    print("relative distance of the fitted model to the true one: \(format(error, 4))")
    print("noise floor (the true model's loss): \(format(objective(truth).scalar, 6))")
  }
}
