/// Flattens each sample of a batch into a vector: `[n, d₁, d₂, …] → [n, d₁·d₂·…]`, like
/// PyTorch's `nn.Flatten()` and Flux's `flatten`.
///
/// It has no parameters and copies nothing (the result shares the input's storage). The batch
/// axis is kept, so a convolutional stack can feed a ``Linear`` layer:
///
/// ```swift
/// Flatten<Float>()(Tensor.zeros(shape: [32, 16, 4, 4])).shape   // [32, 256]
/// ```
public struct Flatten<Scalar: TensorScalar>: Layer, Sendable {
  /// A flattening layer.
  public init() {}

  /// `input`, `[n, d₁, d₂, …]`, reshaped to `[n, d₁·d₂·…]`; a batch of scalars `[n]` becomes
  /// `[n, 1]`.
  ///
  /// - Precondition: `input` has a batch axis (at least one dimension).
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(
      input.rank >= 1, "Flatten: expected a batch [n, …] (at least one dimension), got []")
    return input.reshaped(to: [input.shape[0], input.shape.dropFirst().reduce(1, *)])
  }

  /// None: the layer has no parameters.
  public var leafPaths: [LeafPath<Self>] { [] }
}
