/// Reshapes each sample of a batch: `[n, …] → [n] + shape`, keeping the batch axis, like
/// PyTorch's `nn.Unflatten(1, shape)` and Keras' `Reshape(shape)`.
///
/// ``shape`` is the shape of one sample, without the batch axis, so the same layer works for any
/// batch size; one of its dimensions may be `-1`, inferred from the size of a sample. It has no
/// parameters and copies nothing. The inverse of ``Flatten``:
///
/// ```swift
/// let images = Reshape<Float>(to: [1, 28, 28])(Tensor.zeros(shape: [32, 784]))
/// images.shape                                          // [32, 1, 28, 28]
/// Reshape<Float>(to: [-1, 7, 7])(images).shape          // [32, 16, 7, 7]
/// ```
public struct Reshape<Scalar: TensorScalar>: Layer, Sendable {
  /// The shape of one sample, without the batch axis; at most one dimension is `-1`.
  public let shape: [Int]

  /// A layer reshaping each sample to `shape`.
  ///
  /// - Parameter shape: The shape of one sample, without the batch axis. At most one
  ///   dimension may be `-1`, to be inferred; the others are non-negative.
  public init(to shape: [Int]) {
    precondition(
      shape.filter { $0 == -1 }.count <= 1 && shape.allSatisfy { $0 >= -1 },
      "Reshape(to: \(shape)): dimensions must be non-negative, except at most one -1 (inferred)")
    self.shape = shape
  }

  /// `input`, `[n, …]`, reshaped to `[n] + shape` with its `-1` inferred.
  ///
  /// - Precondition: `input` has a batch axis, and each sample has as many scalars as ``shape``
  ///   holds (a multiple of the known dimensions' product, if one is `-1`).
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    precondition(
      input.rank >= 1,
      "Reshape(to: \(shape)): expected a batch [n, …] (at least one dimension), got []")
    let sampleCount = input.shape.dropFirst().reduce(1, *)
    let known = shape.filter { $0 != -1 }.reduce(1, *)
    var resolved = shape
    if let inferred = shape.firstIndex(of: -1) {
      precondition(
        known > 0 && sampleCount % known == 0,
        "Reshape(to: \(shape)): each sample of an input of shape \(input.shape) has "
          + "\(sampleCount) scalars, not a multiple of \(known), so -1 cannot be inferred")
      resolved[inferred] = sampleCount / known
    } else {
      precondition(
        known == sampleCount,
        "Reshape(to: \(shape)): each sample of an input of shape \(input.shape) has "
          + "\(sampleCount) scalars, but \(shape) holds \(known)")
    }
    return input.reshaped(to: [input.shape[0]] + resolved)
  }

  /// None: the layer has no parameters.
  public var leafPaths: [LeafPath<Self>] { [] }
}
