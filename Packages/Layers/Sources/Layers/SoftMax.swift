/// The softmax along an axis as a layer: each slice along ``axis`` becomes a probability
/// distribution, `yᵢ = eˣⁱ / Σⱼ eˣʲ` (NNOps' `softmax(_:alongAxis:)`, numerically stable).
///
/// It has no parameters. The default axis, the last, turns the logits of a `[batch, classes]`
/// tensor into class probabilities.
///
/// ```swift
/// SoftMax<Double>()(Tensor(shape: [1, 2], scalars: [0, 0])).scalars   // [0.5, 0.5]
/// ```
public struct SoftMax<Scalar: TensorScalar>: Layer, Sendable {
  /// The axis along which the result sums to 1; negative values count from the end.
  public let axis: Int

  /// A softmax along `axis`.
  ///
  /// - Parameter axis: The axis of the distributions; negative values count from the end. The
  ///   default, -1, is the last axis.
  public init(alongAxis axis: Int = -1) {
    self.axis = axis
  }

  /// The softmax of `input` along ``axis``.
  ///
  /// - Precondition: ``axis`` is in `-rank..<rank` for `input`.
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    softmax(input, alongAxis: axis)
  }

  /// None: the layer has no parameters.
  public var leafPaths: [LeafPath<Self>] { [] }
}
