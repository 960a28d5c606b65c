/// Class labels as one-hot rows: row `i` is 1 in column `labels[i]` and 0 elsewhere.
///
/// `result[i, j] = 1` if `j == labels[i]`, else `0`; the result has shape
/// `[labels.count, classes]`. These are the `labels` of `crossEntropy` and
/// `softmaxCrossEntropy`.
///
/// With `smoothing` ε > 0 the rows are smoothed labels (Szegedy et al. 2016; PyTorch's
/// `label_smoothing`): `1 − ε + ε/classes` at the label and `ε/classes` elsewhere, still summing
/// to 1. Training on them keeps a classifier from pushing its logits without bound.
///
/// ```swift
/// oneHot([2, 0], classes: 3)                    // [[0, 0, 1], [1, 0, 0]], a Tensor<Float>
/// oneHot([1], classes: 2, as: Double.self)      // [[0, 1]], a Tensor<Double>
/// oneHot([1], classes: 4, smoothing: 0.2)       // [[0.05, 0.85, 0.05, 0.05]]
/// ```
///
/// - Parameters:
///   - labels: Class indices, each in `0..<classes`.
///   - classes: The number of classes: the width of a row.
///   - smoothing: The probability ε spread evenly over all classes, in `0..<1`; 0 by default.
///   - scalarType: The scalar type of the result: `Float` by default, or `Double.self`.
/// - Returns: A `[labels.count, classes]` tensor of zeros and ones (without smoothing).
/// - Precondition: `classes > 0`, every label is in `0..<classes` and `smoothing` in `0..<1`.
public func oneHot<Scalar: TensorScalar>(
  _ labels: [Int], classes: Int, smoothing: Double = 0, as scalarType: Scalar.Type = Float.self
) -> Tensor<Scalar> {
  precondition(classes > 0, "oneHot: classes must be positive, got \(classes)")
  precondition(
    (0..<1).contains(smoothing),
    "oneHot: smoothing is the probability spread over all classes, in 0..<1; got \(smoothing)")
  for (index, label) in labels.enumerated() {
    precondition(
      0 <= label && label < classes,
      "oneHot: label \(label) at index \(index) is not in 0..<\(classes); pass a larger "
        + "classes, or map the labels to 0..<classes first")
  }
  let elsewhere = Scalar(smoothing / Double(classes))
  let atLabel = Scalar(1 - smoothing + smoothing / Double(classes))
  return Tensor(shape: [labels.count, classes]) { output in
    output.initialize(repeating: elsewhere)
    for (row, label) in labels.enumerated() {
      output[row * classes + label] = atLabel
    }
  }
}
