// Float is the scalar type of a layer when nothing else decides it, as in PyTorch (float32) and
// Flux (Float32).
//
// Swift infers each element of a parameter pack on its own, so in
// `Compose(Linear<Float>(…), ReLU(), …)` nothing tells `ReLU()` its scalar type. Each
// initializer that cannot infer it from its arguments has a twin below, constrained to `Float`
// and disfavored: where the context decides the type (`ReLU<Double>()`,
// `let act: ReLU<Double> = ReLU()`, generic code) the general initializer is chosen; where
// nothing does, only the twin applies (`Lambda` is the exception: see its twin). A `Double`
// network names its scalar on such layers (`ReLU<Double>()`); if it does not, `Compose` stops
// at once with a message saying so.

extension Linear where Scalar == Float {
  /// A `Float` layer from `inputSize` to `outputSize` features, with Glorot-uniform weights and
  /// zero bias: ``init(inputSize:outputSize:using:)`` where nothing else decides the scalar.
  ///
  /// ```swift
  /// var generator = SeededRandomNumberGenerator(seed: 0)
  /// let layer = Linear(inputSize: 3, outputSize: 2, using: &generator)   // a Linear<Float>
  /// ```
  @_disfavoredOverload
  public init(
    inputSize: Int, outputSize: Int, using generator: inout some RandomNumberGenerator
  ) {
    self.init(inputSize: inputSize, outputSize: outputSize, using: &generator)
  }
}

extension Conv2D where Scalar == Float {
  /// A `Float` convolution with Glorot-uniform filters and zero bias:
  /// ``init(inputChannels:outputChannels:kernelSize:stride:padding:using:)`` where nothing else
  /// decides the scalar.
  ///
  /// ```swift
  /// var generator = SeededRandomNumberGenerator(seed: 0)
  /// let layer = Conv2D(inputChannels: 1, outputChannels: 6, kernelSize: 5, using: &generator)
  /// ```
  @_disfavoredOverload
  public init(
    inputChannels: Int, outputChannels: Int, kernelSize: Int, stride: Int = 1, padding: Int = 0,
    using generator: inout some RandomNumberGenerator
  ) {
    self.init(
      inputChannels: inputChannels, outputChannels: outputChannels, kernelSize: kernelSize,
      stride: stride, padding: padding, using: &generator)
  }
}

extension ReLU where Scalar == Float {
  /// A `Float` ReLU layer, where nothing else decides the scalar.
  ///
  /// ```swift
  /// let act = ReLU()   // a ReLU<Float>
  /// ```
  @_disfavoredOverload
  public init() {
    self.init()
  }
}

extension SoftMax where Scalar == Float {
  /// A `Float` softmax along `axis`, where nothing else decides the scalar.
  ///
  /// ```swift
  /// let probabilities = SoftMax()   // a SoftMax<Float> along the last axis
  /// ```
  ///
  /// - Parameter axis: The axis of the distributions; negative values count from the end.
  @_disfavoredOverload
  public init(alongAxis axis: Int = -1) {
    self.init(alongAxis: axis)
  }
}

extension MaxPool where Scalar == Float {
  /// `Float` max pooling over `size × size` windows, where nothing else decides the scalar.
  ///
  /// ```swift
  /// let pool = MaxPool(size: 2)   // a MaxPool<Float>
  /// ```
  ///
  /// - Parameter size: The side of each window; at least 1.
  @_disfavoredOverload
  public init(size: Int) {
    self.init(size: size)
  }
}

extension MeanPool where Scalar == Float {
  /// `Float` mean pooling over `size × size` windows, where nothing else decides the scalar.
  ///
  /// ```swift
  /// let pool = MeanPool(size: 2)   // a MeanPool<Float>
  /// ```
  ///
  /// - Parameter size: The side of each window; at least 1.
  @_disfavoredOverload
  public init(size: Int) {
    self.init(size: size)
  }
}

extension Flatten where Scalar == Float {
  /// A `Float` flattening layer, where nothing else decides the scalar.
  ///
  /// ```swift
  /// let flatten = Flatten()   // a Flatten<Float>
  /// ```
  @_disfavoredOverload
  public init() {
    self.init()
  }
}

extension Reshape where Scalar == Float {
  /// A `Float` layer reshaping each sample to `shape`, where nothing else decides the scalar.
  ///
  /// ```swift
  /// let toImages = Reshape(to: [1, 28, 28])   // a Reshape<Float>
  /// ```
  ///
  /// - Parameter shape: The shape of one sample, without the batch axis; at most one `-1`.
  @_disfavoredOverload
  public init(to shape: [Int]) {
    self.init(to: shape)
  }
}

extension Dropout where Scalar == Float {
  /// A `Float` dropout layer, where nothing else decides the scalar.
  ///
  /// ```swift
  /// let dropout = Dropout(probability: 0.5)   // a Dropout<Float>
  /// ```
  ///
  /// - Parameter probability: The probability that an element is zeroed in training mode.
  @_disfavoredOverload
  public init(probability: Double) {
    self.init(probability: probability)
  }
}

extension Lambda where Scalar == Float {
  /// A `Float` layer applying `body`, where nothing else decides the scalar: the closure's
  /// argument needs no type annotation.
  ///
  /// ```swift
  /// let double = Lambda { x in 2 * x }   // a Lambda<Float>
  /// ```
  ///
  /// Unlike the other twins it is the favored one, and the general initializer is disfavored:
  /// otherwise a literal in the closure (`x / 255`) would make the scalar `Double`, Swift's
  /// default for float literals.
  ///
  /// - Parameter body: The function of a batch; it must not capture trainable values.
  public init(_ body: @escaping @Sendable (Tensor<Float>) -> Tensor<Float>) {
    self.body = body
  }
}
