/// Adds `rate` times the parameters to the gradient: the gradient of the L2 penalty
/// `(λ/2)‖θ‖²`.
///
/// `g ← g + λ θ`. Followed by ``GradientDescent`` this is classical weight decay,
/// `θ ← (1 − ηλ) θ − η g`. Followed by an adaptive rule such as ``Adam`` the decay is rescaled
/// with the gradient; for decay independent of that scaling use ``AdamW``.
///
/// ```swift
/// let optimizer = Chain(WeightDecay(rate: 1e-4), GradientDescent(stepSize: 0.1))
/// ```
///
/// Reference: Krogh, Hertz, "A simple weight decay can improve generalization", NeurIPS 1991.
public struct WeightDecay: GradientTransformation {
  /// The decay coefficient λ.
  public let rate: Double

  /// Weight decay keeps no state.
  public struct State {}

  /// Adds `rate · θ` to each gradient.
  ///
  /// - Parameter rate: Non-negative and finite.
  public init(rate: Double) {
    precondition(
      rate >= 0 && rate.isFinite, "WeightDecay: rate must be non-negative and finite, got \(rate)")
    self.rate = rate
  }

  /// The empty state.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State { State() }

  /// `g ← g + λ θ`, in one fused pass.
  @inlinable
  public func transform<Parameters: VectorSpace>(
    _ gradient: inout Parameters, at parameters: Parameters, state: inout State
  ) {
    gradient.add(parameters, scaledBy: Parameters.Scalar(rate))
  }
}
