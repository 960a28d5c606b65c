/// A layer that applies a closure: structure with no parameters, for the small steps between
/// layers (an activation written inline, a rescaling, a reshape).
///
/// The closure is a `let`, so it is carried unchanged through the algebra: `2 * Lambda(f)` is
/// `Lambda(f)`. Gradients flow through the tensor operations it applies. Close over constants
/// only: trainable values belong in a layer's `var`s.
///
/// ```swift
/// let halve = Lambda { (x: Tensor<Double>) in x / 2 }
/// halve(Tensor([2, 4])).scalars   // [1, 2]
/// ```
public struct Lambda<Scalar: TensorScalar>: Layer, Sendable {
  /// The function the layer applies.
  public let body: @Sendable (Tensor<Scalar>) -> Tensor<Scalar>

  /// A layer applying `body`.
  ///
  /// Disfavored, so that where the closure alone leaves the scalar open the `Float`
  /// initializer wins, even over a literal in the closure that would make it `Double`
  /// (`Lambda { x in x / 255 }` is a `Lambda<Float>`).
  ///
  /// - Parameter body: The function of a batch; it must not capture trainable values.
  @_disfavoredOverload
  public init(_ body: @escaping @Sendable (Tensor<Scalar>) -> Tensor<Scalar>) {
    self.body = body
  }

  /// `body(input)`.
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> { body(input) }

  /// None: the layer has no parameters.
  public var leafPaths: [LeafPath<Self>] { [] }
}
