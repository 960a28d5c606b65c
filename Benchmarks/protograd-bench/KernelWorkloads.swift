import ProtoGrad

/// NNOps kernels, forward and backward, for GFLOP/s against the sgemm peak.
let kernelWorkloads: [Workload] = [
  // The peak the other kernels are compared to, measured in the same run: one large product,
  // which OpenBLAS runs at its best rate on all threads (BENCHMARKS.md quotes its rate at n ≥ 512
  // on the reference machine; a noisy machine lowers every rate of a run together).
  Workload(name: "matmul_1024_peak", flops: 2 * 1024 * 1024 * 1024) {
    var generator = SeededRandomNumberGenerator(seed: 1)
    let a = Tensor<Float>.randomUniform(shape: [1024, 1024], using: &generator)
    let b = Tensor<Float>.randomUniform(shape: [1024, 1024], using: &generator)
    return medianStepMicroseconds(samples: 15, stepsPerSample: 4) { blackHole(matmul(a, b)) }
  },
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
  },
  convolutionWorkload(name: "conv_1x28_to_6_5x5_b128_fwd_bwd", channels: 1, size: 28, filters: 6),
  convolutionWorkload(name: "conv_6x12_to_16_5x5_b128_fwd_bwd", channels: 6, size: 12, filters: 16),
  // The products of the two small training workloads, where a call's fixed cost is most of it,
  // and one at the limit of `A · Bᵀ` computed from a copy of `Bᵀ` (`GEMM.smallWork`).
  smallProductWorkload(m: 300, k: 5, n: 3, transposeA: false, transposeB: true),
  smallProductWorkload(m: 3, k: 300, n: 5, transposeA: true, transposeB: false),
  smallProductWorkload(m: 32, k: 16, n: 16, transposeA: false, transposeB: true),
  smallProductWorkload(m: 32, k: 16, n: 16, transposeA: false, transposeB: false),
  smallProductWorkload(m: 16, k: 32, n: 16, transposeA: true, transposeB: false),
  smallProductWorkload(m: 64, k: 64, n: 64, transposeA: false, transposeB: true),
  smallProductWorkload(m: 64, k: 64, n: 64, transposeA: false, transposeB: false),
]

/// One `m×k · k×n` product through `matmul(_:transposed:_:transposed:)`, named like
/// `matmul_small_300x5x3_nt` (`t` where an operand is read transposed).
func smallProductWorkload(m: Int, k: Int, n: Int, transposeA: Bool, transposeB: Bool)
  -> Workload
{
  let layout = (transposeA ? "t" : "n") + (transposeB ? "t" : "n")
  return Workload(name: "matmul_small_\(m)x\(k)x\(n)_\(layout)", flops: Double(2 * m * n * k)) {
    var generator = SeededRandomNumberGenerator(seed: 3)
    let a = Tensor<Float>.randomUniform(shape: transposeA ? [k, m] : [m, k], using: &generator)
    let b = Tensor<Float>.randomUniform(shape: transposeB ? [n, k] : [k, n], using: &generator)
    return medianStepMicroseconds(stepsPerSample: 200) {
      blackHole(matmul(a, transposed: transposeA, b, transposed: transposeB))
    }
  }
}

/// A LeNet convolution layer (5×5 filters, batch 128), forward and backward (input, filter and
/// bias gradients): 3 × 2·n·o·c·25·oh·ow floating-point operations.
///
/// The upstream gradient is handed to the pullback directly: a `(conv · upstream).sum()` loss
/// would time two elementwise passes and a broadcast over the output as well, about a quarter of
/// the step, which are not convolution.
func convolutionWorkload(name: String, channels: Int, size: Int, filters: Int) -> Workload {
  let outputSize = size - 4
  let flops = 3 * 2 * 128 * filters * channels * 25 * outputSize * outputSize
  return Workload(name: name, flops: Double(flops)) {
    var generator = SeededRandomNumberGenerator(seed: 2)
    let x = Tensor<Float>.randomUniform(shape: [128, channels, size, size], using: &generator)
    let w = Tensor<Float>.randomNormal(shape: [filters, channels, 5, 5], using: &generator)
    let b = Tensor<Float>.zeros(shape: [filters])
    let upstream = Tensor<Float>.randomNormal(
      shape: [128, filters, outputSize, outputSize], using: &generator)
    return medianStepMicroseconds(stepsPerSample: 5) {
      let (_, pullback) = valueWithPullback(at: [opaque(x), w]) { inputs in
        conv2d(inputs[0], filter: inputs[1], bias: b)
      }
      blackHole(pullback(upstream))
    }
  }
}
