import ProtoGrad

/// Making a model: random initial weights, as a user's `Linear(inputSize:outputSize:using:)` and
/// a random input tensor draw them (one million scalars each).
let initializationWorkloads: [Workload] = [
  Workload(name: "init_linear_1000x1000") {
    var rng = SeededRandomNumberGenerator(seed: 5)
    return medianStepMicroseconds(samples: 11, stepsPerSample: 2) {
      blackHole(Linear<Float>(inputSize: 1000, outputSize: 1000, using: &rng))
    }
  },
  Workload(name: "init_random_normal_1m") {
    var rng = SeededRandomNumberGenerator(seed: 6)
    return medianStepMicroseconds(samples: 11, stepsPerSample: 2) {
      blackHole(Tensor<Float>.randomNormal(shape: [1000, 1000], using: &rng))
    }
  },
]
