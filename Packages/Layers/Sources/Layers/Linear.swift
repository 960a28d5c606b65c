/// A fully connected (dense) layer: `y = x·Wᵀ + b` for a batch `x` of shape `[batch, in]`, like
/// PyTorch's `nn.Linear`.
///
/// Its parameters are ``weight`` (`[out, in]`) and ``bias`` (`[out]`), named `weight` and `bias`
/// like PyTorch's, so their saved values match.
///
/// ```swift
/// let layer = Linear(
///   weight: Tensor<Double>(shape: [2, 3], scalars: [1, 0, 0, 0, 1, 1]), bias: Tensor([0, 10]))
/// layer(Tensor(shape: [1, 3], scalars: [1, 2, 3])).scalars   // [1, 15]
/// ```
public struct Linear<Scalar: TensorScalar>: Layer, Sendable {
  /// The weight matrix `W`, `[out, in]`.
  public var weight: Tensor<Scalar>
  /// The bias `b`, `[out]`.
  public var bias: Tensor<Scalar>

  /// A layer with the given parameters.
  ///
  /// - Parameters:
  ///   - weight: `W`, `[out, in]`.
  ///   - bias: `b`, `[out]`.
  /// - Precondition: `weight` is a matrix and `bias` has one element per row of it.
  public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>) {
    precondition(
      weight.rank == 2, "Linear: weight must have shape [out, in], got \(weight.shape)")
    precondition(
      bias.shape == [weight.shape[0]],
      "Linear: bias must have shape [\(weight.shape[0])] (one value per output), got \(bias.shape)"
    )
    self.weight = weight
    self.bias = bias
  }

  /// A layer from `inputSize` to `outputSize` features, with Glorot-uniform weights and zero
  /// bias.
  ///
  /// The weights are drawn by ``Autodiff/Tensor/glorotUniform(shape:using:)``: uniform on
  /// `[−a, a)` with `a = √(6 / (inputSize + outputSize))`.
  ///
  /// ```swift
  /// var generator = SeededRandomNumberGenerator(seed: 0)
  /// let layer = Linear<Float>(inputSize: 784, outputSize: 100, using: &generator)
  /// layer.weight.shape   // [100, 784]
  /// ```
  ///
  /// - Parameters:
  ///   - inputSize: The number of input features, `in`.
  ///   - outputSize: The number of output features, `out`.
  ///   - generator: The source of randomness for the weights.
  /// - Precondition: Both sizes are positive.
  public init(
    inputSize: Int, outputSize: Int, using generator: inout some RandomNumberGenerator
  ) {
    precondition(
      inputSize > 0 && outputSize > 0,
      "Linear: inputSize and outputSize must be positive, got \(inputSize) and \(outputSize)")
    self.init(
      weight: .glorotUniform(shape: [outputSize, inputSize], using: &generator),
      bias: .zeros(shape: [outputSize]))
  }

  /// The number of input features, `in`.
  public var inputSize: Int { weight.shape[1] }

  /// The number of output features, `out`.
  public var outputSize: Int { weight.shape[0] }

  /// `input·Wᵀ + b`, `[batch, out]`.
  ///
  /// - Parameter input: `[batch, in]`.
  /// - Precondition: `input` has shape `[batch, in]`.
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(
      input.rank == 2 && input.shape[1] == inputSize,
      "Linear: expected an input of shape [batch, \(inputSize)] (\(inputSize) features), got "
        + "\(input.shape)")
    return linear(input, weight: weight, bias: bias)
  }
}
