import ProtoGrad
import XCTest

/// Fine-tuning through a model builder (ProtoGrad.jl's test, with the two asserts it skipped:
/// the trained part does change and the frozen part does not).
final class FineTuningTests: XCTestCase {
  struct Network: Layer {
    var base: Compose<Linear<Double>, Lambda<Double>>
    var top: Linear<Double>
    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { top(base(x)) }
  }

  func testTrainingThroughABuilderChangesOnlyThePartItIsGiven() {
    var rng = SeededRandomNumberGenerator(seed: 7)
    let teacher = Network(
      base: Compose(
        Linear<Double>(inputSize: 4, outputSize: 6, using: &rng), Lambda<Double> { tanh($0) }),
      top: Linear<Double>(inputSize: 6, outputSize: 2, using: &rng))
    let x = Tensor<Double>.randomNormal(shape: [512, 4], using: &rng)
    let y = teacher(x)
    let start = Network(
      base: teacher.base, top: Linear<Double>(inputSize: 6, outputSize: 2, using: &rng))

    let batches = randomMinibatches(x, y, batchSize: 64, using: &rng)
    let objective = SupervisedObjective(loss: meanSquaredError, data: batches)
    let frozen = start.base
    let ofTop = objective.composed { (top: Linear<Double>) in Network(base: frozen, top: top) }
    let iterations = Adam(stepSize: 0.05).iterations(from: start.top, minimizing: ofTop)
    let tuned = Network(base: frozen, top: last(iterations.prefix(1001))!.solution)

    XCTAssertEqual(
      tuned.base.flattened().map(\.bitPattern), start.base.flattened().map(\.bitPattern),
      "the frozen part is bit-identical")
    XCTAssertNotEqual(tuned.top.flattened(), start.top.flattened(), "the trained part changed")
    let loss = { (m: Network) in meanSquaredError(predicted: m(x), expected: y).scalar }
    XCTAssertLessThan(loss(tuned), 0.01 * loss(start), "the top recovers the teacher's")
    XCTAssertEqual((tuned.top - teacher.top).norm / teacher.top.norm, 0, accuracy: 0.05)
  }
}
