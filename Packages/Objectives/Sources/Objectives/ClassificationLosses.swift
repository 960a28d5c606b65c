// Classification losses over one-hot labels, averaged over the batch (the first axis).

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
public func softmaxCrossEntropy<Scalar>(
  logits: Tensor<Scalar>, labels: Tensor<Scalar>
) -> Tensor<Scalar> {
  checkSameShape(logits, labels, "softmaxCrossEntropy(logits:labels:)", "labels")
  precondition(
    logits.shape.count >= 1,
    "softmaxCrossEntropy(logits:labels:): logits must have a class axis, not shape []")
  let scale = 1 / Scalar(batchCount(of: labels))
  let constantLogits = withoutDerivative(at: logits)
  let constantLabels = withoutDerivative(at: labels)
  let value = -(constantLabels * logSoftmax(constantLogits)).sum() * scale
  // One pullback per input: the labels' gradient (another log-softmax) is formed only when the
  // labels are being differentiated, never in training.
  return differentiableOperation(
    of: logits, labels, value: value,
    pullbackOfFirst: { g, _, logits, labels in
      let labelMass = labels.sum(alongAxes: [labels.shape.count - 1], keepingDimensions: true)
      return g * (softmax(logits) * labelMass - labels) * scale
    },
    pullbackOfSecond: { g, _, logits, _ in g * logSoftmax(logits) * -scale })
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
