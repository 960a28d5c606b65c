import Foundation
import ProtoGrad

/// Trains `start` for `epochs` passes of `stepsPerEpoch` steps with `rule` on `objective` (which
/// draws a new minibatch at each call), in training mode, drawing a progress bar; returns the
/// trained model.
///
/// The optimizer is a sequence: the loop walks `rule.iterations(from:minimizing:)`, whose first
/// element is the starting point, and reports each iteration's loss.
public func train<Rule: UpdateRule, M: Layer<Float>>(
  _ start: M, with rule: Rule, minimizing objective: @escaping (M) -> Tensor<Float>,
  epochs: Int, stepsPerEpoch: Int, batchSize: Int, seed: UInt64
) -> M {
  var progress = ProgressBar(
    stepsPerEpoch: stepsPerEpoch, samplesPerStep: batchSize, epochs: epochs)
  var epochSeconds: [Double] = []
  let solution = withTrainingMode(seed: seed) { () -> M in
    var iterations = rule.iterations(from: start, minimizing: objective).makeIterator()
    var current = iterations.next()!
    for epoch in 1...epochs {
      progress.startEpoch(epoch)
      for step in 1...stepsPerEpoch {
        current = iterations.next()!
        progress.update(step: step, loss: Double(current.value))
      }
      epochSeconds.append(progress.finishEpoch())
    }
    return current.solution
  }
  let total = epochSeconds.reduce(0, +)
  print(
    "trained \(epochs) epochs in \(format(total, 1)) s "
      + "(\(format(total / Double(epochs), 2)) s per epoch, "
      + "\(format(Double(epochs * stepsPerEpoch * batchSize) / total, 0)) samples/s)")
  return solution
}

/// Saves `model` to `url`, loads it back into `blank` (a model of the same structure) and returns
/// the reloaded model, so that what is evaluated is what was saved.
public func saveAndReload<M: Layer>(_ model: M, to url: URL, into blank: M) throws -> M {
  try model.save(to: url)
  var reloaded = blank
  try reloaded.load(from: url)
  print("saved to \(url.path) (\(model.scalarCount) parameters) and reloaded")
  return reloaded
}
