// Classification losses over one-hot labels, averaged over the batch (the first axis).

@_spi(Kernels) import NNOps

/// The cross-entropy of predicted class probabilities against one-hot (or soft) labels, averaged
/// over the batch: `−(1/n) Σᵦ Σ꜀ labels[b, c] · log(probabilities[b, c] + ε)`.
///
/// For outputs of a ``SoftMax`` layer. On raw scores prefer
/// ``softmaxCrossEntropy(logits:labels:)``, which is exact where `log(softmax(x))` underflows.
///
/// ```swift
/// let p = Tensor<Double>(shape: [2, 2], scalars: [0.5, 0.5, 0.25, 0.75])
/// let labels = Tensor<Double>(shape: [2, 2], scalars: [1, 0, 0, 1])
/// crossEntropy(probabilities: p, labels: labels).scalar   // (log 2 + log 4/3) / 2 ≈ 0.4904
/// ```
///
/// - Parameters:
///   - probabilities: `[batch, classes]` (or `[classes]` for one sample), rows summing to 1.
///   - labels: One-hot rows of the same shape.
///   - epsilon: Added inside the logarithm so a zero probability gives a large, finite loss; the
///     default is the scalar type's machine epsilon (as Flux's `crossentropy`).
/// - Precondition: the shapes match.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func crossEntropy<Scalar>(
  probabilities: Tensor<Scalar>, labels: Tensor<Scalar>, epsilon: Scalar = .ulpOfOne
) -> Tensor<Scalar> {
  checkSameShape(probabilities, labels, "crossEntropy(probabilities:labels:)", "labels")
  let logarithm = log(probabilities + Tensor(epsilon))
  return -(labels * logarithm).sum() / Scalar(batchCount(of: labels))
}

/// The cross-entropy of `softmax(logits)` against one-hot (or soft) labels, averaged over the
/// batch, computed stably on the logits: `−(1/n) Σᵦ Σ꜀ labels[b, c] · logSoftmax(logits)[b, c]`.
///
/// The loss of a classifier whose last layer is linear (PyTorch's `CrossEntropyLoss` with
/// one-hot targets, Flux's `logitcrossentropy`). Logits of any size are fine: the log-softmax
/// subtracts each row's maximum. The gradient is fused:
/// `∂L/∂logits = (softmax(logits) · Σ꜀ labels − labels) / n`, one pass, no intermediate log.
///
/// ```swift
/// let logits = Tensor<Double>(shape: [1, 2], scalars: [0, 1000])
/// softmaxCrossEntropy(logits: logits, labels: Tensor(shape: [1, 2], scalars: [1, 0])).scalar
/// // 1000.0
/// ```
///
/// - Parameters:
///   - logits: `[batch, classes]` scores (or `[classes]` for one sample).
///   - labels: One-hot rows of the same shape.
/// - Precondition: the shapes match and the tensors have at least one axis.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func softmaxCrossEntropy<Scalar>(
  logits: Tensor<Scalar>, labels: Tensor<Scalar>
) -> Tensor<Scalar> {
  checkSameShape(logits, labels, "softmaxCrossEntropy(logits:labels:)", "labels")
  precondition(
    logits.shape.count >= 1,
    "softmaxCrossEntropy(logits:labels:): logits must have a class axis, not shape []")
  let scale = 1 / Scalar(batchCount(of: labels))
  // One pass for the value, keeping each row's softmax for the logits' gradient.
  let (loss, probabilities) = SoftmaxCrossEntropyRows.lossAndProbabilities(
    logits: withoutDerivative(at: logits), labels: withoutDerivative(at: labels))
  // One pullback per input: the labels' gradient (another log-softmax) is formed only when the
  // labels are being differentiated, never in training.
  return differentiableOperation(
    of: logits, labels, value: Tensor(loss * scale),
    pullbackOfFirst: { g, _, logits, labels in
      logitsGradient(g, logits, labels, probabilities: probabilities, scale: scale)
    },
    pullbackOfSecond: { g, _, logits, _ in g * logSoftmax(logits) * -scale })
}

/// `g · (softmax(logits) · Σ꜀ labels − labels) · scale`, the gradient of `softmaxCrossEntropy`
/// with respect to its logits: one pass over the forward's `probabilities`, recorded with
/// pullbacks written in tensor operations (on `softmax(logits)` made anew from the recorded
/// logits), so second derivatives through the loss stay exact.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
private func logitsGradient<Scalar: TensorScalar>(
  _ g: Tensor<Scalar>, _ logits: Tensor<Scalar>, _ labels: Tensor<Scalar>,
  probabilities: Tensor<Scalar>, scale: Scalar
) -> Tensor<Scalar> {
  let value = SoftmaxCrossEntropyRows.logitsGradient(
    probabilities: probabilities, labels: withoutDerivative(at: labels), factor: g.scalar * scale)
  let classAxis = [labels.rank - 1]
  return differentiableOperation(
    of: [g, logits, labels], value: value,
    pullbacks: [
      { u, _, inputs in
        let (logits, labels) = (inputs[1], inputs[2])
        let mass = labels.sum(alongAxes: classAxis, keepingDimensions: true)
        return (u * (softmax(logits) * mass - labels)).sum() * scale
      },
      { u, _, inputs in
        // The vector–Jacobian product of the softmax, on the upstream weighted by g·scale·Σ꜀ y.
        let (g, logits, labels) = (inputs[0], inputs[1], inputs[2])
        let p = softmax(logits)
        let weighted = u * g * labels.sum(alongAxes: classAxis, keepingDimensions: true) * scale
        return p * (weighted - (weighted * p).sum(alongAxes: classAxis, keepingDimensions: true))
      },
      { u, _, inputs in
        let (g, logits) = (inputs[0], inputs[1])
        let p = softmax(logits)
        return g * ((u * p).sum(alongAxes: classAxis, keepingDimensions: true) - u) * scale
      },
    ])
}

/// The fraction of rows whose largest prediction is not at the label's largest entry: the error
/// rate of a classifier (`1 −` accuracy).
///
/// Not differentiable (its gradient is zero almost everywhere); use it to evaluate, not to train.
///
/// ```swift
/// let predicted = Tensor<Double>(shape: [2, 2], scalars: [0.9, 0.1, 0.8, 0.2])
/// let labels = Tensor<Double>(shape: [2, 2], scalars: [1, 0, 0, 1])
/// classificationError(predicted: predicted, labels: labels).scalar   // 0.5
/// ```
///
/// - Parameters:
///   - predicted: `[batch, classes]` scores or probabilities (or `[classes]` for one sample).
///   - labels: One-hot rows of the same shape.
/// - Precondition: the shapes match and the tensors have at least one axis.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func classificationError<Scalar>(
  predicted: Tensor<Scalar>, labels: Tensor<Scalar>
) -> Tensor<Scalar> {
  checkSameShape(predicted, labels, "classificationError(predicted:labels:)", "labels")
  precondition(
    predicted.shape.count >= 1,
    "classificationError(predicted:labels:): tensors must have a class axis, not shape []")
  let axis = predicted.shape.count - 1
  let predictedClasses = predicted.argmax(alongAxis: axis)
  let labelClasses = labels.argmax(alongAxis: axis)
  let wrong = zip(predictedClasses, labelClasses).count { $0 != $1 }
  return Tensor(Scalar(wrong) / Scalar(max(predictedClasses.count, 1)))
}

/// The number of samples in a `[batch, …]` tensor: its first dimension, or 1 for a single sample
/// (a tensor with only the class axis).
func batchCount<Scalar>(of labels: Tensor<Scalar>) -> Int {
  labels.shape.count >= 2 ? max(labels.shape[0], 1) : 1
}
