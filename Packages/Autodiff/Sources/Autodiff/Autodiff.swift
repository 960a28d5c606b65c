/// Autodiff: `Tensor`, reverse-mode tape, dual numbers and gradient checking (issue: Autodiff).
///
/// Re-exports ``VectorSpace`` so that tensors and models share one algebra.
@_exported import VectorSpace
