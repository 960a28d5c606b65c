import ProtoGrad

/// NNOps kernels, forward and backward, for GFLOP/s against the sgemm peak.
let kernelWorkloads: [Workload] = [
  Workload(name: "linear_784_100_b128_fwd_bwd", flops: 3 * 2 * 128 * 784 * 100) {
    var generator = SeededRandomNumberGenerator(seed: 1)
    let x = Tensor<Float>.randomUniform(shape: [128, 784], using: &generator)
    let w = Tensor<Float>.randomNormal(shape: [100, 784], using: &generator)
    let b = Tensor<Float>.zeros(shape: [100])
    let upstream = Tensor<Float>.randomNormal(shape: [128, 100], using: &generator)
    return medianStepMicroseconds(stepsPerSample: 20) {
      // ∂x, ∂w and ∂b: the backward pass of a first layer that is not the input.
      blackHole(
        gradient(at: opaque(x), w) { x, w in (linear(x, weight: w, bias: b) * upstream).sum() })
    }
  }
]
