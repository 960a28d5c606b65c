/// A vector space by declaration: a plain struct whose stored `var` properties are its parameters.
///
/// ```swift
/// struct TwoLayer: Model {
///   typealias Scalar = Float
///   var first: Dense        // a nested model: its parameters are ours
///   var heads: [Dense]      // an array of models
///   var gain: Float         // a scalar parameter
///   let activation: (Float) -> Float   // `let`s and closures are structure, carried along
/// }
/// ```
///
/// Each stored `var` must be a vector: a ``DenseVector`` (`Tensor`, `Float`, `Double`, an array of
/// scalars), another `Model`, an array of vectors, or a tuple of those. Every `let` property and
/// every closure is structure: copied unchanged into sums, scalings and gradients. A `var` of any
/// other type is a programming error reported (once, at first use) with the type and property
/// name. The layout is found by reflection over stored properties the first time a type is used
/// and cached for the life of the process.
///
/// The `Scalar` of a `Layer` is inferred from its `callAsFunction`; other models declare it with
/// a `typealias`. Classes and types with unusual storage can conform to ``VectorSpace`` by hand
/// instead (implement ``VectorSpace/leafPaths``).
public protocol Model: VectorSpace {}

extension Model {
  public var leafPaths: [LeafPath<Self>] { ModelLayout<Self>.cached().leafPaths(of: self) }
}
