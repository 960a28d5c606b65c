/// Dropout as a layer: in training mode, each element is zeroed with probability `p` and the
/// others are scaled by `1 / (1 − p)`; otherwise the layer is the identity, like PyTorch's
/// `nn.Dropout` in `train()` and `eval()` modes.
///
/// Training mode is the scope of `withTrainingMode(seed:_:)`, which also supplies the
/// random masks (NNOps' `dropout(_:probability:using:)`). It has no parameters.
/// Reference: Srivastava et al., "Dropout: a simple way to prevent neural networks from
/// overfitting", JMLR 15, 2014.
///
/// ```swift
/// let layer = Dropout<Float>(probability: 0.25)
/// let x = Tensor<Float>.ones(shape: [1000])
/// layer(x).scalars == x.scalars                  // true: inference
/// withTrainingMode(seed: 7) { layer(x) }         // about 250 zeros, the rest 1 / 0.75
/// ```
public struct Dropout<Scalar: TensorScalar>: Layer, Sendable {
  /// The probability `p` that an element is zeroed, in training mode.
  public let probability: Double

  /// A dropout layer.
  ///
  /// - Parameter probability: `p`, the probability that an element is zeroed in training
  ///   mode; in `[0, 1)`.
  public init(probability: Double) {
    precondition(
      probability >= 0 && probability < 1,
      "Dropout: probability must be in [0, 1), got \(probability)")
    self.probability = probability
  }

  /// `input` with random elements zeroed and the others scaled by `1 / (1 − p)` in training
  /// mode; `input` unchanged otherwise.
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    guard let mode = TrainingMode.current else { return input }
    var generator = mode.nextGenerator()
    return dropout(input, probability: probability, using: &generator)
  }

  /// None: the layer has no parameters.
  public var leafPaths: [LeafPath<Self>] { [] }
}
