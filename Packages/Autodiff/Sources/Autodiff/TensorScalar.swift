/// The scalar types of tensors: `Float` and `Double`.
///
/// A `TensorScalar` is a ``VectorScalar`` (so tensors are vectors) with the elementary functions
/// of swift-numerics' `Real` (so `exp`, `log`, `sin` … apply to every element).
public protocol TensorScalar: VectorScalar, Real where RawSignificand: FixedWidthInteger {}

extension Float: TensorScalar {}
extension Double: TensorScalar {}
