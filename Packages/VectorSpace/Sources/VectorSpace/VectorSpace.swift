/// A real vector space: values that can be added, scaled by a scalar and dotted.
///
/// The requirements are named methods; the operators (`+`, `-`, `*`, `/`, `+=` …) are defined
/// once, on top of them. (Operator requirements with default implementations are bound
/// statically in generic code by Swift 6.3, bypassing a conformer's own implementation.)
///
/// Every operation has a default implementation, so most conformers write none of them:
/// - ``DenseVector`` conformers (scalars stored contiguously, like `Tensor`) get fused,
///   vectorized loops over their storage;
/// - ``Model`` conformers (plain structs) get the algebra from their stored `var` properties,
///   leaf by leaf, through ``leafPaths``;
/// - arrays of vectors are vectors, element by element.
///
/// A conformer may implement any requirement itself; `Tensor` does, so that its operations are
/// recorded for differentiation and model algebra inside an objective is differentiable.
///
/// ```swift
/// struct Affine: Model {
///   typealias Scalar = Double
///   var w: [Double]
///   var b: Double
/// }
/// var m = Affine(w: [1, 2], b: 3)
/// m += 0.5 * m          // Affine(w: [1.5, 3], b: 4.5)
/// dot(m, m)             // 33.75
/// ```
public protocol VectorSpace<Scalar> {
  /// The field the vector space is over: `Float` or `Double`.
  associatedtype Scalar: VectorScalar

  /// `self + factor · other`, as a new vector (the operators `+` and `-` call this).
  func adding(_ other: Self, scaledBy factor: Scalar) -> Self

  /// `factor · self`, as a new vector (the operators `*`, `/` and prefix `-` call this).
  func scaled(by factor: Scalar) -> Self

  /// Adds `factor · other` to `self` in one fused pass (BLAS's axpy): `self ← self + factor · other`.
  ///
  /// - Complexity: O(``scalarCount``), one read of each operand and one write, no allocation
  ///   when `self`'s storage is uniquely referenced.
  mutating func add(_ other: Self, scaledBy factor: Scalar)

  /// Multiplies `self` by `factor` in place: `self ← factor · self`.
  mutating func scale(by factor: Scalar)

  /// The inner product `Σᵢ selfᵢ · otherᵢ`.
  func dot(_ other: Self) -> Scalar

  /// The number of scalars in this vector (its dimension).
  var scalarCount: Int { get }

  /// The zero vector of the same shape as `self`.
  var zero: Self { get }

  /// The dense leaves of this vector in canonical order: the parameter tensors of a model,
  /// `self` itself for a ``DenseVector``.
  ///
  /// Flattening, indexing, saving and the optimizers' fused updates all walk this list. The order
  /// is the declaration order of stored properties, depth first.
  var leafPaths: [LeafPath<Self>] { get }
}
