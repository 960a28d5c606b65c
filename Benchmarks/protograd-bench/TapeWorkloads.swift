import ProtoGrad

/// The cost of the tape: a chain of 1,000 tiny operations (elementwise on 4 scalars), forward
/// and backward, against the same chain on constants (no recording).
let tapeWorkloads: [Workload] = [
  Workload(name: "tape_chain_1000_ops") {
    let x = Tensor<Float>([1, 2, 3, 4])
    let c = Tensor<Float>([0.5, 0.25, 0.125, 1])
    return medianStepMicroseconds(stepsPerSample: 20) {
      blackHole(gradient(at: opaque(x)) { x in chain(x, c).sum() })
    }
  },
  Workload(name: "constant_chain_1000_ops") {
    let x = Tensor<Float>([1, 2, 3, 4])
    let c = Tensor<Float>([0.5, 0.25, 0.125, 1])
    return medianStepMicroseconds(stepsPerSample: 20) { blackHole(chain(opaque(x), c).sum()) }
  },
]

/// 1,000 operations alternating a tensor product and a scaling.
func chain(_ x: Tensor<Float>, _ c: Tensor<Float>) -> Tensor<Float> {
  var y = x
  for i in 0..<500 {
    y = y * c
    y = (i % 2 == 0 ? 4 : 0.25) * y
  }
  return y
}
