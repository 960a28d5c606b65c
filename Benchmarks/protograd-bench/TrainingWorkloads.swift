import ProtoGrad

/// The four training workloads of BENCHMARKS.md: each step is one `next()` of an optimizer's
/// iteration sequence (a value and gradient of the objective, then the update), written the way a
/// user writes them. Data is random and fixed, as in the peers' scripts.
let trainingWorkloads: [Workload] = [
  Workload(name: "tiny_linear_gd") {
    var rng = SeededRandomNumberGenerator(seed: 1)
    let model = Linear<Float>(inputSize: 5, outputSize: 3, using: &rng)
    let x = Tensor<Float>.randomNormal(shape: [300, 5], using: &rng)
    let y = Tensor<Float>.randomNormal(shape: [300, 3], using: &rng)
    let objective = { (m: Linear<Float>) in
      let r = m(x) - y
      return (r * r).sum() / 300
    }
    return medianStepMicroseconds(
      stepsPerSample: 200,
      iterating: GradientDescent(stepSize: 0.1).iterations(from: model, minimizing: objective))
  },
  Workload(name: "small_mlp_adam") {
    var rng = SeededRandomNumberGenerator(seed: 2)
    let model = Compose(
      Linear(inputSize: 2, outputSize: 16, using: &rng), Lambda { tanh($0) },
      Linear(inputSize: 16, outputSize: 16, using: &rng), Lambda { tanh($0) },
      Linear(inputSize: 16, outputSize: 1, using: &rng))
    let x = Tensor<Float>.randomNormal(shape: [32, 2], using: &rng)
    let y = Tensor<Float>.randomNormal(shape: [32, 1], using: &rng)
    return medianStepMicroseconds(
      stepsPerSample: 100,
      iterating: Adam().iterations(from: model) { meanSquaredError(predicted: $0(x), expected: y) })
  },
  Workload(name: "mlp_784_100_10_sgd_b128") {
    var rng = SeededRandomNumberGenerator(seed: 3)
    let model = Compose(
      Linear(inputSize: 784, outputSize: 100, using: &rng), ReLU(),
      Linear(inputSize: 100, outputSize: 10, using: &rng))
    let x = Tensor<Float>.randomUniform(
      shape: [128, 784], lowerBound: 0, upperBound: 1, using: &rng)
    let y = oneHot((0..<128).map { _ in Int.random(in: 0..<10, using: &rng) }, classes: 10)
    return medianStepMicroseconds(
      stepsPerSample: 10,
      iterating: GradientDescent(stepSize: 0.1).iterations(from: model) {
        softmaxCrossEntropy(logits: $0(x), labels: y)
      })
  },
  Workload(name: "lenet_adam_b128") {
    var rng = SeededRandomNumberGenerator(seed: 4)
    let model = Compose(
      Conv2D(inputChannels: 1, outputChannels: 6, kernelSize: 5, using: &rng), ReLU(),
      MaxPool(size: 2),
      Conv2D(inputChannels: 6, outputChannels: 16, kernelSize: 5, using: &rng), ReLU(),
      MaxPool(size: 2), Flatten(),
      Linear(inputSize: 256, outputSize: 120, using: &rng), ReLU(),
      Linear(inputSize: 120, outputSize: 84, using: &rng), ReLU(),
      Linear(inputSize: 84, outputSize: 10, using: &rng))
    let x = Tensor<Float>.randomUniform(
      shape: [128, 1, 28, 28], lowerBound: 0, upperBound: 1, using: &rng)
    let y = oneHot((0..<128).map { _ in Int.random(in: 0..<10, using: &rng) }, classes: 10)
    return medianStepMicroseconds(
      samples: 15, stepsPerSample: 4,
      iterating: Adam().iterations(from: model) { softmaxCrossEntropy(logits: $0(x), labels: y) })
  },
]

/// The median time of one `next()` of `iterations`: one optimizer step.
func medianStepMicroseconds<Steps: Sequence>(
  samples: Int = 31, stepsPerSample: Int, iterating iterations: Steps
) -> Double {
  var iterator = iterations.makeIterator()
  return medianStepMicroseconds(samples: samples, stepsPerSample: stepsPerSample) {
    blackHole(iterator.next())
  }
}
