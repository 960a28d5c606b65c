// The pullbacks of tanh and sigmoid, which read only the activation's value `y`: each in one
// pass over `g` and `y`, where the same products written with tensor operations took three
// passes (four for sigmoid) and as many allocations, about a fifth of the backward pass of a
// small tanh network. Each is recorded as the differentiable operation of `g` and `y` it is,
// with pullbacks written in tensor operations, so derivatives of any order stay exact. The two
// are written out rather than one function switching on the activation: its pullbacks would
// capture the switch's value, two closure contexts allocated per call (measured 2% slower).

@_spi(Kernels) import Parallelism

/// `gᵢ · (1 − yᵢ²)`, the pullback of `tanh` at its value `y`: the same operations, in the same
/// order, as `g * (1 - y * y)`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func tanhPullback<Scalar>(_ g: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
  let value = upstreamTimesDerivative(.tanh, g, y)
  return differentiableOperation(
    of: g, y, value: value,
    pullbackOfFirst: { u, _, _, y in tanhPullback(u, y) },
    pullbackOfSecond: { u, _, g, y in Scalar(-2) * u * g * y })
}

/// `gᵢ · yᵢ · (1 − yᵢ)`, the pullback of `sigmoid` at its value `y`: the same operations, in
/// the same order, as `g * y * (1 - y)`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func sigmoidPullback<Scalar>(_ g: Tensor<Scalar>, _ y: Tensor<Scalar>) -> Tensor<Scalar> {
  let value = upstreamTimesDerivative(.sigmoid, g, y)
  return differentiableOperation(
    of: g, y, value: value,
    pullbackOfFirst: { u, _, _, y in sigmoidPullback(u, y) },
    pullbackOfSecond: { u, _, g, y in u * g * (Tensor(1) - 2 * y) })
}

/// The activations whose derivative is computed from their value.
private enum DerivativeFromValue { case tanh, sigmoid }

/// `gᵢ · f′ᵢ` from the value `y`, for tensors of one shape, in one pass (in parallel parts when
/// long). The loops are written out per activation: through a closure, each element cost a call.
@inline(__always)
private func upstreamTimesDerivative<Scalar: TensorScalar>(
  _ activation: DerivativeFromValue, _ g: Tensor<Scalar>, _ y: Tensor<Scalar>
) -> Tensor<Scalar> {
  precondition(g.shape == y.shape, "\(activation)Pullback: \(g.shape) and \(y.shape) differ")
  return Tensor<Scalar>(shape: g.shape) { output in
    g.withUnsafeBufferPointer { g in
      y.withUnsafeBufferPointer { y in
        let count = output.count
        let (g, y, output) = (g.baseAddress!, y.baseAddress!, output.baseAddress!)
        forEachSlice(of: count) { range in
          switch activation {
          case .tanh: for i in range { output[i] = g[i] * (1 - y[i] * y[i]) }
          case .sigmoid: for i in range { output[i] = g[i] * y[i] * (1 - y[i]) }
          }
        }
      }
    }
  }
}
