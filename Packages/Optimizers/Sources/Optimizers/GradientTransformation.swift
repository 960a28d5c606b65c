/// A transformation of the gradient applied before an update rule: clipping, weight decay.
///
/// Transformations and a final ``UpdateRule`` compose into a ``Chain`` (as in optax, where an
/// optimizer is a chain of gradient transformations). Like a rule, a transformation is a value of
/// hyperparameters with an explicit ``State`` made for the parameters.
///
/// ```swift
/// let optimizer = Chain(ClipByGlobalNorm(maxNorm: 1), WeightDecay(rate: 1e-4), Adam())
/// ```
public protocol GradientTransformation {
  /// What the transformation remembers between steps.
  associatedtype State

  /// The state before the first step, for parameters shaped like `parameters`.
  func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State

  /// Transforms `gradient`, the gradient at `parameters`, in place.
  func transform<Parameters: VectorSpace>(
    _ gradient: inout Parameters, at parameters: Parameters, state: inout State)
}
