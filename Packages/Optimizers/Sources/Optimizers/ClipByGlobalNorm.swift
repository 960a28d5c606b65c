/// Scales the gradient down so that its global norm (over all parameters) is at most `maxNorm`,
/// keeping its direction.
///
/// `g ← g · min(1, c / ‖g‖)`, with `‖g‖` the Euclidean norm of all the gradient's scalars
/// together and `c` the maximum norm. A gradient that is not finite passes unchanged (see
/// ``Iteration/isFinite``).
///
/// ```swift
/// let optimizer = Chain(ClipByGlobalNorm(maxNorm: 1), GradientDescent(stepSize: 0.1))
/// ```
///
/// Reference: Pascanu, Mikolov, Bengio, "On the difficulty of training recurrent neural
/// networks", ICML 2013.
public struct ClipByGlobalNorm: GradientTransformation {
  /// The largest norm a gradient keeps.
  public let maxNorm: Double

  /// The norm of the last gradient, before clipping.
  public struct State {
    /// The global norm of the gradient of the last step, before clipping (0 before any step).
    public var lastNorm: Double = 0
  }

  /// Clips gradients to norm at most `maxNorm`.
  ///
  /// - Parameter maxNorm: Positive and finite.
  public init(maxNorm: Double) {
    precondition(
      maxNorm > 0 && maxNorm.isFinite,
      "ClipByGlobalNorm: maxNorm must be positive and finite, got \(maxNorm)")
    self.maxNorm = maxNorm
  }

  /// A state with no norm recorded yet.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State { State() }

  /// Records the global norm of `gradient` and scales `gradient` down to `maxNorm` if longer.
  @inlinable
  public func transform<Parameters: VectorSpace>(
    _ gradient: inout Parameters, at parameters: Parameters, state: inout State
  ) {
    let norm = Double(gradient.norm)
    state.lastNorm = norm
    if norm > maxNorm && norm.isFinite {
      gradient.scale(by: Parameters.Scalar(maxNorm / norm))
    }
  }
}
