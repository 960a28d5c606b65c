/// The scalar types that vectors, models and tensors are built from: `Float` and `Double`.
///
/// A `VectorScalar` is itself a one-dimensional ``DenseVector``, so plain numbers take part in
/// model algebra (a model may hold a `var temperature: Float` as a trainable parameter).
public protocol VectorScalar: BinaryFloatingPoint, SIMDScalar, Codable, Sendable, DenseVector
where Scalar == Self {}

extension Float: VectorScalar {}
extension Double: VectorScalar {}
