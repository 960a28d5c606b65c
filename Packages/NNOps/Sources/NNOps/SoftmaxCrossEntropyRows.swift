import Autodiff

/// The row kernels of a softmax cross-entropy, for Objectives'
/// `softmaxCrossEntropy(logits:labels:)` (shared through the `Kernels` SPI, so the loss keeps its
/// one public home in Objectives).
///
/// A tensor's rows are its slices along the last axis (the classes). The forward pass makes each
/// row's softmax once (`softmax`'s kernel) and keeps it, and takes the loss from it with one
/// logarithm per row; the gradient is then one pass over the probabilities and the labels, with
/// no exponential. On the 128 × 10 logits of an MLP step this replaces seven tensor operations
/// (a log-softmax, a softmax, a row sum, three products and a difference, each with its own
/// result and its own pass).
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
    let slices = SoftmaxSlices(shape: logits.shape, axis: -1, "softmaxCrossEntropy")
    let probabilities = logits.softmaxed(slices, logarithm: false)
    var loss: Scalar = 0
    logits.withUnsafeBufferPointer { logits in
      labels.withUnsafeBufferPointer { labels in
        probabilities.withUnsafeBufferPointer { probabilities in
          guard slices.length > 0, let x = logits.baseAddress else { return }
          let (y, p) = (labels.baseAddress!, probabilities.baseAddress!)
          for start in stride(from: 0, to: logits.count, by: slices.length) {
            // log Σ e^x from the row's largest logit, whose probability is 1 / Σ e^(x − max).
            var largest = start
            var (mass, dot): (Scalar, Scalar) = (0, 0)
            for k in start..<(start + slices.length) {
              if x[k] > x[largest] { largest = k }
              mass += y[k]
              dot += y[k] * x[k]
            }
            loss += (x[largest] - Scalar.log(p[largest])) * mass - dot
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
