import Autodiff

/// The row kernels of a softmax cross-entropy, for Objectives' `softmaxCrossEntropy(logits:labels:)`
/// (shared through the `Kernels` SPI, so the loss keeps its one public home in Objectives).
///
/// A tensor's rows are its slices along the last axis (the classes). The forward pass makes each
/// row's softmax once and keeps it; the gradient is then one pass over the probabilities and the
/// labels, with no exponential. On the 128 × 10 logits of an MLP step this replaces seven tensor
/// operations (a log-softmax, a softmax, a row sum, three products and a difference, each with its
/// own result and its own pass) by two passes.
@_spi(Kernels)
public enum SoftmaxCrossEntropyRows {
  /// The sum over rows of `log Σ꜀ e^(logits) · Σ꜀ labels − Σ꜀ labels · logits` (the
  /// cross-entropy of each row's softmax against its labels, before averaging), and the softmax
  /// of every row.
  ///
  /// - Precondition: `logits` and `labels` have the same shape, with at least one axis.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func lossAndProbabilities<Scalar: TensorScalar>(
    logits: Tensor<Scalar>, labels: Tensor<Scalar>
  ) -> (loss: Scalar, probabilities: Tensor<Scalar>) {
    precondition(logits.shape == labels.shape && logits.rank >= 1, "same shapes, one axis or more")
    let length = logits.shape[logits.rank - 1]
    var loss: Scalar = 0
    let probabilities = Tensor<Scalar>(shape: logits.shape) { output in
      guard length > 0, let p = output.baseAddress else { return }
      logits.withUnsafeBufferPointer { logits in
        labels.withUnsafeBufferPointer { labels in
          let (x, y) = (logits.baseAddress!, labels.baseAddress!)
          let rows = output.count / length
          // Shifted logits first, row by row; then every exponential in one vectorized pass.
          var maxima = [Scalar](repeating: 0, count: rows)
          for row in 0..<rows {
            let start = row * length
            var maximum = x[start]
            for k in (start + 1)..<(start + length) where x[k] > maximum { maximum = x[k] }
            maxima[row] = maximum
            for k in start..<(start + length) { p[k] = x[k] - maximum }
          }
          for i in 0..<output.count { p[i] = exponential(p[i]) }
          for row in 0..<rows {
            let start = row * length
            var (sum, mass, dot): (Scalar, Scalar, Scalar) = (0, 0, 0)
            for k in start..<(start + length) {
              sum += p[k]
              mass += y[k]
              dot += y[k] * x[k]
            }
            loss += (maxima[row] + Scalar.log(sum)) * mass - dot
            let inverse = 1 / sum
            for k in start..<(start + length) { p[k] *= inverse }
          }
        }
      }
    }
    return (loss, probabilities)
  }

  /// `(probabilities · Σ꜀ labels − labels) · factor`, row by row: the gradient of
  /// `factor · Σ rows' cross-entropies` with respect to the logits, from the forward pass's
  /// probabilities.
  ///
  /// - Precondition: `probabilities` and `labels` have the same shape, with at least one axis.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func logitsGradient<Scalar: TensorScalar>(
    probabilities: Tensor<Scalar>, labels: Tensor<Scalar>, factor: Scalar
  ) -> Tensor<Scalar> {
    precondition(
      probabilities.shape == labels.shape && labels.rank >= 1, "same shapes, one axis or more")
    let length = labels.shape[labels.rank - 1]
    return Tensor(shape: labels.shape) { output in
      guard length > 0, let g = output.baseAddress else { return }
      probabilities.withUnsafeBufferPointer { probabilities in
        labels.withUnsafeBufferPointer { labels in
          let (p, y) = (probabilities.baseAddress!, labels.baseAddress!)
          for start in stride(from: 0, to: output.count, by: length) {
            var mass: Scalar = 0
            for k in start..<(start + length) { mass += y[k] }
            for k in start..<(start + length) { g[k] = (p[k] * mass - y[k]) * factor }
          }
        }
      }
    }
  }
}
