/// A 2-D convolution layer over NCHW images, like PyTorch's `nn.Conv2d`: cross-correlation of
/// each image with a bank of filters, plus a bias per output channel.
///
/// Its parameters are ``weight`` (OIHW, `[outputChannels, inputChannels, kh, kw]`) and ``bias``
/// (`[outputChannels]`); ``stride`` and ``padding`` are structure. For an input
/// `[n, inputChannels, h, w]` the output is `[n, outputChannels, (h + 2p − kh)/s + 1,
/// (w + 2p − kw)/s + 1]` (NNOps' `conv2d(_:filter:bias:stride:padding:)`).
///
/// ```swift
/// let layer = Conv2D(
///   weight: Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 1]), bias: Tensor([10]))
/// let image = Tensor<Double>(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
/// layer(image).scalars   // [16, 18, 22, 24]
/// ```
public struct Conv2D<Scalar: TensorScalar>: Layer, Sendable {
  /// The filters, OIHW: `[outputChannels, inputChannels, kernelHeight, kernelWidth]`.
  public var weight: Tensor<Scalar>
  /// One value per output channel, `[outputChannels]`.
  public var bias: Tensor<Scalar>
  /// The step between neighbouring windows, in both directions.
  public let stride: Int
  /// The zeros added on every side of each image.
  public let padding: Int

  /// A layer with the given filters and bias.
  ///
  /// - Parameters:
  ///   - weight: The filters, OIHW `[outputChannels, inputChannels, kernelHeight, kernelWidth]`.
  ///   - bias: `[outputChannels]`.
  ///   - stride: The step between neighbouring windows; at least 1.
  ///   - padding: Zeros added on every side of each image; at least 0.
  /// - Precondition: The shapes agree, `stride ≥ 1` and `padding ≥ 0`.
  public init(weight: Tensor<Scalar>, bias: Tensor<Scalar>, stride: Int = 1, padding: Int = 0) {
    precondition(
      weight.rank == 4,
      "Conv2D: weight must have shape [outputChannels, inputChannels, kernelHeight, "
        + "kernelWidth], got \(weight.shape)")
    precondition(
      bias.shape == [weight.shape[0]],
      "Conv2D: bias must have shape [\(weight.shape[0])] (one value per output channel), got "
        + "\(bias.shape)")
    precondition(stride >= 1, "Conv2D: stride must be at least 1, got \(stride)")
    precondition(padding >= 0, "Conv2D: padding must be at least 0, got \(padding)")
    self.weight = weight
    self.bias = bias
    self.stride = stride
    self.padding = padding
  }

  /// A layer with square `kernelSize × kernelSize` filters, Glorot-uniform weights and zero bias.
  ///
  /// The weights are drawn by ``Autodiff/Tensor/glorotUniform(shape:using:)`` with
  /// `fanIn = inputChannels·kernelSize²` and `fanOut = outputChannels·kernelSize²`.
  ///
  /// ```swift
  /// var generator = SeededRandomNumberGenerator(seed: 0)
  /// let layer = Conv2D<Float>(
  ///   inputChannels: 1, outputChannels: 6, kernelSize: 5, padding: 2, using: &generator)
  /// layer(Tensor.zeros(shape: [8, 1, 28, 28])).shape   // [8, 6, 28, 28]
  /// ```
  ///
  /// - Parameters:
  ///   - inputChannels: The channels of the input images.
  ///   - outputChannels: The channels of the output images (the number of filters).
  ///   - kernelSize: The side of each square filter.
  ///   - stride: The step between neighbouring windows; at least 1.
  ///   - padding: Zeros added on every side of each image; at least 0.
  ///   - generator: The source of randomness for the weights.
  /// - Precondition: The channel counts and `kernelSize` are positive.
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
    using generator: inout some RandomNumberGenerator
  ) {
    precondition(
      inputChannels > 0 && outputChannels > 0 && kernelSize > 0,
      "Conv2D: inputChannels, outputChannels and kernelSize must be positive, got "
        + "\(inputChannels), \(outputChannels) and \(kernelSize)")
    self.init(
      weight: .glorotUniform(
        shape: [outputChannels, inputChannels, kernelSize, kernelSize], using: &generator),
      bias: .zeros(shape: [outputChannels]), stride: stride, padding: padding)
  }

  /// The filters applied to `input`, plus the bias.
  ///
  /// - Parameter input: Images, NCHW `[batch, inputChannels, height, width]`.
  /// - Returns: `[batch, outputChannels, outputHeight, outputWidth]`.
  /// - Precondition: `input` has four dimensions and `inputChannels` channels, and each padded
  ///   image is at least as large as the filters.
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    let channels = weight.shape[1]
    precondition(
      input.rank == 4 && input.shape[1] == channels,
      "Conv2D: expected an input of shape [batch, \(channels), height, width] (\(channels) "
        + "channels), got \(input.shape)")
    return conv2d(input, filter: weight, bias: bias, stride: stride, padding: padding)
  }
}
