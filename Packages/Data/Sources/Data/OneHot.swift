/// Class labels as one-hot rows: row `i` is 1 in column `labels[i]` and 0 elsewhere.
///
/// `result[i, j] = 1` if `j == labels[i]`, else `0`; the result has shape
/// `[labels.count, classes]`. These are the `labels` of `crossEntropy` and
/// `softmaxCrossEntropy`.
///
/// ```swift
/// oneHot([2, 0], classes: 3)                    // [[0, 0, 1], [1, 0, 0]], a Tensor<Float>
/// oneHot([1], classes: 2, as: Double.self)      // [[0, 1]], a Tensor<Double>
/// ```
///
/// - Parameters:
///   - labels: Class indices, each in `0..<classes`.
///   - classes: The number of classes: the width of a row.
///   - scalarType: The scalar type of the result: `Float` by default, or `Double.self`.
/// - Returns: A `[labels.count, classes]` tensor of zeros and ones.
/// - Precondition: `classes > 0` and every label is in `0..<classes`.
public func oneHot<Scalar: TensorScalar>(
  _ labels: [Int], classes: Int, as scalarType: Scalar.Type = Float.self
) -> Tensor<Scalar> {
  precondition(classes > 0, "oneHot: classes must be positive, got \(classes)")
  for (index, label) in labels.enumerated() {
    precondition(
      0 <= label && label < classes,
      "oneHot: label \(label) at index \(index) is not in 0..<\(classes); pass a larger "
        + "classes, or map the labels to 0..<classes first")
  }
  return Tensor(shape: [labels.count, classes]) { output in
    output.initialize(repeating: 0)
    for (row, label) in labels.enumerated() {
      output[row * classes + label] = 1
    }
  }
}
