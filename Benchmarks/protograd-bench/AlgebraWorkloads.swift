import ProtoGrad

/// A model of 100,110 parameters in four leaves, shaped like the 784→100→10 MLP.
struct AlgebraModel: Model {
  typealias Scalar = Float
  var weight1: [Float]
  var bias1: [Float]
  var weight2: [Float]
  var bias2: [Float]

  init(seed: Float) {
    func values(_ count: Int) -> [Float] { (0..<count).map { Float($0 % 97) * 0.001 + seed } }
    weight1 = values(784 * 100)
    bias1 = values(100)
    weight2 = values(100 * 217)
    bias2 = values(310)
  }
}

/// Model algebra against plain loops over one contiguous array of the same size.
let algebraWorkloads: [Workload] = [
  Workload(name: "algebra_axpy_100k") {
    var model = AlgebraModel(seed: 1)
    let gradient = AlgebraModel(seed: 2)
    return medianStepMicroseconds(stepsPerSample: 200) {
      model.add(gradient, scaledBy: -1e-6)
    }
  },
  Workload(name: "baseline_axpy_100k") {
    var model = AlgebraModel(seed: 1).flattened()
    let gradient = AlgebraModel(seed: 2).flattened()
    return medianStepMicroseconds(stepsPerSample: 200) {
      model.withUnsafeMutableBufferPointer { m in
        gradient.withUnsafeBufferPointer { g in
          for i in 0..<m.count { m[i] += -1e-6 * g[i] }
        }
      }
    }
  },
  Workload(name: "algebra_dot_100k") {
    let model = AlgebraModel(seed: 1)
    let gradient = AlgebraModel(seed: 2)
    return medianStepMicroseconds(stepsPerSample: 200) { blackHole(dot(opaque(model), gradient)) }
  },
  Workload(name: "kernel_dot_100k") {
    var model = AlgebraModel(seed: 1).flattened()
    let gradient = AlgebraModel(seed: 2).flattened()
    return medianStepMicroseconds(stepsPerSample: 200) {
      model[0] += 1
      blackHole(
        model.withUnsafeBufferPointer { m in
          gradient.withUnsafeBufferPointer { g in VectorKernels.dot(m, g) }
        })
    }
  },
  Workload(name: "baseline_dot_100k") {
    var model = AlgebraModel(seed: 1).flattened()
    let gradient = AlgebraModel(seed: 2).flattened()
    return medianStepMicroseconds(stepsPerSample: 200) {
      var total: Float = 0
      model[0] += 1
      model.withUnsafeBufferPointer { m in
        gradient.withUnsafeBufferPointer { g in
          for i in 0..<m.count { total += m[i] * g[i] }
        }
      }
      blackHole(total)
    }
  },
  Workload(name: "algebra_sum_100k") {
    let model = AlgebraModel(seed: 1)
    let gradient = AlgebraModel(seed: 2)
    return medianStepMicroseconds(stepsPerSample: 100) { blackHole(opaque(model) + 0.5 * gradient) }
  },
  Workload(name: "algebra_axpy_small") {
    var model = AlgebraModel(seed: 1)
    model.weight1 = [1, 2, 3]
    model.weight2 = [1, 2]
    let gradient = model
    return medianStepMicroseconds(stepsPerSample: 10_000) { model.add(gradient, scaledBy: 0.1) }
  },
]

let allWorkloads =
  trainingWorkloads + algebraWorkloads + tapeWorkloads + kernelWorkloads + initializationWorkloads
