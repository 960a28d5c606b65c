// Regression losses: the mean over every element of a pointwise error.

/// The mean squared error `(1/N) Σᵢ (predictedᵢ − expectedᵢ)²` over all `N` elements.
///
/// Averaged over every element, like PyTorch's `MSELoss()` and Flux's `mse`.
///
/// ```swift
/// meanSquaredError(predicted: Tensor<Double>([1, 2]), expected: Tensor([0, 4])).scalar   // 2.5
/// ```
///
/// - Precondition: `predicted` and `expected` have the same shape.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func meanSquaredError<Scalar>(
  predicted: Tensor<Scalar>, expected: Tensor<Scalar>
) -> Tensor<Scalar> {
  checkSameShape(predicted, expected, "meanSquaredError(predicted:expected:)", "expected")
  let residual = predicted - expected
  return (residual * residual).mean()
}

/// The mean absolute error `(1/N) Σᵢ |predictedᵢ − expectedᵢ|` over all `N` elements.
///
/// ```swift
/// meanAbsoluteError(predicted: Tensor<Double>([1, 2]), expected: Tensor([0, 4])).scalar   // 1.5
/// ```
///
/// - Precondition: `predicted` and `expected` have the same shape.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func meanAbsoluteError<Scalar>(
  predicted: Tensor<Scalar>, expected: Tensor<Scalar>
) -> Tensor<Scalar> {
  checkSameShape(predicted, expected, "meanAbsoluteError(predicted:expected:)", "expected")
  return abs(predicted - expected).mean()
}

/// Stops with a message naming `function` when two loss arguments differ in shape.
func checkSameShape<Scalar>(
  _ predicted: Tensor<Scalar>, _ other: Tensor<Scalar>, _ function: String, _ otherName: String
) {
  precondition(
    predicted.shape == other.shape,
    "\(function): the prediction has shape \(predicted.shape) but \(otherName) has shape "
      + "\(other.shape); they must match (labels are one-hot: see oneHot(_:classes:))")
}
