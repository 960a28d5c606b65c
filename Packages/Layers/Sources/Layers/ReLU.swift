/// The rectified linear unit as a layer: `y = max(x, 0)`, elementwise (NNOps' `relu(_:)`).
///
/// It has no parameters. Its `Scalar` is inferred from the context where there is one
/// (`let act: ReLU<Double> = ReLU()`) and is `Float` where there is none, as among the layers of
/// a ``Compose``.
///
/// ```swift
/// ReLU<Double>()(Tensor([-1, 0, 2])).scalars   // [0, 0, 2]
/// ```
public struct ReLU<Scalar: TensorScalar>: Layer, Sendable {
  /// A ReLU layer.
  public init() {}

  /// `max(input, 0)`, elementwise.
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> { relu(input) }

  /// None: the layer has no parameters.
  public var leafPaths: [LeafPath<Self>] { [] }
}
