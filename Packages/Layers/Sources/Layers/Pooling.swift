// Pooling layers over NCHW images: non-overlapping windows (the stride is the window size), as
// in PyTorch's `nn.MaxPool2d(size)` and `nn.AvgPool2d(size)` with their default stride.

/// The maximum of each `size × size` window of each channel, windows not overlapping (NNOps'
/// `maxPool2d(_:size:stride:)` with `stride = size`).
///
/// It has no parameters. An input `[n, c, h, w]` gives `[n, c, h / size, w / size]` (rounded
/// down: rows and columns that do not fill a window are dropped).
///
/// ```swift
/// let x = Tensor<Double>(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 7])
/// MaxPool<Double>(size: 2)(x).scalars   // [5, 8]
/// ```
public struct MaxPool<Scalar: TensorScalar>: Layer, Sendable {
  /// The side of each window, and the step between windows.
  public let size: Int

  /// Max pooling over `size × size` windows.
  ///
  /// - Parameter size: The side of each window; at least 1.
  public init(size: Int) {
    precondition(size >= 1, "MaxPool: size must be at least 1, got \(size)")
    self.size = size
  }

  /// The maximum of each window of `input`, NCHW `[batch, channels, height, width]`.
  ///
  /// - Precondition: `input` has four dimensions, each image at least `size × size`.
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    maxPool2d(input, size: size)
  }

  /// None: the layer has no parameters.
  public var leafPaths: [LeafPath<Self>] { [] }
}

/// The mean of each `size × size` window of each channel, windows not overlapping (NNOps'
/// `avgPool2d(_:size:stride:)` with `stride = size`).
///
/// It has no parameters. Output sizes as in ``MaxPool``.
///
/// ```swift
/// let x = Tensor<Double>(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 7])
/// MeanPool<Double>(size: 2)(x).scalars   // [3.25, 4.25]
/// ```
public struct MeanPool<Scalar: TensorScalar>: Layer, Sendable {
  /// The side of each window, and the step between windows.
  public let size: Int

  /// Mean pooling over `size × size` windows.
  ///
  /// - Parameter size: The side of each window; at least 1.
  public init(size: Int) {
    precondition(size >= 1, "MeanPool: size must be at least 1, got \(size)")
    self.size = size
  }

  /// The mean of each window of `input`, NCHW `[batch, channels, height, width]`.
  ///
  /// - Precondition: `input` has four dimensions, each image at least `size × size`.
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    avgPool2d(input, size: size)
  }

  /// None: the layer has no parameters.
  public var leafPaths: [LeafPath<Self>] { [] }
}
