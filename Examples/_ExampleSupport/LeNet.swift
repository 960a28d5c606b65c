import ProtoGrad

/// ProtoGrad's LeNet-style network for 28×28 images: two 5×5 convolutions with 2×2 max pooling
/// and ReLU (`features`), then 120 → 84 → 10 (`classifier`) with dropout before each of its
/// linear layers.
///
/// Each convolution is pooled before it is rectified: `relu(maxPool(x))` is `maxPool(relu(x))`
/// (the rectifier is increasing, so it keeps the maximum where it is), gradients included, and
/// the rectifier then runs on a quarter of the scalars. Split in two so that the fine-tuning
/// example can retrain the classifier alone.
public struct LeNet: Layer {
  public typealias Features = Compose<
    Conv2D<Float>, MaxPool<Float>, ReLU<Float>, Conv2D<Float>, MaxPool<Float>, ReLU<Float>,
    Flatten<Float>
  >
  public typealias Classifier = Compose<
    Dropout<Float>, Linear<Float>, ReLU<Float>, Dropout<Float>, Linear<Float>, ReLU<Float>,
    Dropout<Float>, Linear<Float>
  >

  /// The convolutional part: `[n, 1, 28, 28]` → `[n, 256]`.
  public var features: Features
  /// The fully connected part: `[n, 256]` → `[n, 10]` logits.
  public var classifier: Classifier

  public init(features: Features, classifier: Classifier) {
    self.features = features
    self.classifier = classifier
  }

  /// A freshly initialized network (Glorot-uniform weights, zero biases) with `channels.first` and
  /// `channels.second` convolution filters (LeNet's are 6 and 16), whose classifier drops inputs
  /// with probability `dropout` in training mode.
  public init(
    channels: (first: Int, second: Int) = (6, 16), dropout: Double = 0.1,
    using rng: inout some RandomNumberGenerator
  ) {
    features = Compose(
      Conv2D(inputChannels: 1, outputChannels: channels.first, kernelSize: 5, using: &rng),
      MaxPool(size: 2), ReLU(),
      Conv2D(
        inputChannels: channels.first, outputChannels: channels.second, kernelSize: 5,
        using: &rng),
      MaxPool(size: 2), ReLU(),
      Flatten())
    classifier = LeNet.makeClassifier(
      inputSize: 16 * channels.second, dropout: dropout, using: &rng)
  }

  /// A freshly initialized classifier head for `inputSize` features.
  public static func makeClassifier(
    inputSize: Int = 256, dropout: Double = 0.1, using rng: inout some RandomNumberGenerator
  ) -> Classifier {
    Compose(
      Dropout(probability: dropout), Linear(inputSize: inputSize, outputSize: 120, using: &rng),
      ReLU(),
      Dropout(probability: dropout), Linear(inputSize: 120, outputSize: 84, using: &rng), ReLU(),
      Dropout(probability: dropout), Linear(inputSize: 84, outputSize: 10, using: &rng))
  }

  public func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> { classifier(features(x)) }
}
