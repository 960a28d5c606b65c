import Autodiff

/// The affine map of a batch, `x · weightᵀ + bias`, like PyTorch's `linear`: one matrix product
/// with the bias fused in (added by the AVX2 kernel as it stores small products; for CBLAS's
/// gemm, rows pre-filled with the bias that it accumulates onto).
///
/// - Parameters:
///   - x: `[batch, in]`.
///   - weight: `[out, in]`.
///   - bias: `[out]`, or `nil` for no bias.
/// - Returns: `[batch, out]`.
///
/// ```swift
/// let x = Tensor<Float>(shape: [1, 2], scalars: [1, 2])
/// let w = Tensor<Float>(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1])
/// linear(x, weight: w, bias: Tensor([0, 0, 10]))   // Tensor(shape: [1, 3], scalars: [1, 2, 13])
/// ```
///
/// Pullback: `∂x = g · weight`, `∂weight = gᵀ · x`, `∂bias = Σ_batch g`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func linear<Scalar>(
  _ x: Tensor<Scalar>, weight: Tensor<Scalar>, bias: Tensor<Scalar>? = nil
) -> Tensor<Scalar> {
  precondition(
    x.rank == 2 && weight.rank == 2,
    "linear: expected x [batch, in] and weight [out, in], got \(x.shape) and \(weight.shape)")
  let (batch, inputs) = (x.shape[0], x.shape[1])
  let outputs = weight.shape[0]
  precondition(
    weight.shape[1] == inputs,
    "linear: x has \(inputs) features but weight \(weight.shape) expects \(weight.shape[1])")
  guard let bias else { return matmul(x, transposed: false, weight, transposed: true) }
  precondition(
    bias.shape == [outputs], "linear: bias has shape \(bias.shape), expected [\(outputs)]")
  let value = Tensor<Scalar>(shape: [batch, outputs]) { output in
    x.withUnsafeBufferPointer { x in
      weight.withUnsafeBufferPointer { w in
        bias.withUnsafeBufferPointer { b in
          GEMM.multiply(
            x.baseAddress!, transposed: false, w.baseAddress!, transposed: true,
            into: output.baseAddress!, m: batch, n: outputs, k: inputs, plusRow: b.baseAddress!)
        }
      }
    }
  }
  // Recorded as two nodes sharing the value, the product `x · weightᵀ` and the bias added to it
  // (a sum's node, which stores neither input): no arrays of inputs, indices and pullbacks per
  // call, as an operation of three inputs records. One pullback per input: the gradient of a
  // constant input (the data of a first layer) is never computed.
  let product = differentiableOperation(
    of: x, weight, value: value,
    pullbackOfFirst: { g, _, _, weight in matmul(g, weight) },
    pullbackOfSecond: { g, _, x, _ in matmul(g, transposed: true, x, transposed: false) })
  return differentiableSum(of: product, bias, value: value)
}
