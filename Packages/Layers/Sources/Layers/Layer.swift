/// A model that maps a batch of inputs to a batch of outputs: the building block of networks.
///
/// A layer is a ``Model`` (its stored `var` tensors are its parameters, its `let`s are structure)
/// with a `callAsFunction`. Its `Scalar` is inferred from that function:
///
/// ```swift
/// struct Affine: Layer {
///   var weight: Tensor<Float>
///   var bias: Tensor<Float>
///   func callAsFunction(_ x: Tensor<Float>) -> Tensor<Float> { linear(x, weight: weight, bias: bias) }
/// }
/// ```
///
/// Inputs are batch-first, like PyTorch: `[batch, features]` or `[batch, channels, height, width]`.
public protocol Layer<Scalar>: Model {
  /// The scalar type of the layer's parameters, inputs and outputs: `Float` or `Double`.
  ///
  /// Restated here so that Swift infers it from `callAsFunction` (the algebra `Model` provides in
  /// its extensions would otherwise block the inference).
  associatedtype Scalar: TensorScalar

  /// The layer applied to a batch of inputs.
  func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar>
}
