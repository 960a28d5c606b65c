/// Autodiff: `Tensor`, the reverse-mode tape, dual numbers and gradient checking.
///
/// Re-exports ``VectorSpace`` (tensors and models share one algebra) and swift-numerics'
/// `RealModule` (the `Real` protocol that tensor scalars and dual numbers conform to).
@_exported import RealModule
@_exported import VectorSpace
