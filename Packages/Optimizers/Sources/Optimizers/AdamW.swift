/// AdamW: Adam with decoupled weight decay, the parameters shrinking by a fraction of the step
/// size apart from the gradient's scaling.
///
/// Each step is an ``Adam`` step from the decayed parameters: with `m`, `v` and the bias
/// correction as in Adam,
///
/// ```
/// θ ← θ − η_t λ θ − η_t √(1 − β₂ᵗ) / (1 − β₁ᵗ) · m / (√v + ε)
/// ```
///
/// in the same fused pass. Adding `λθ` to the gradient instead (`Chain(WeightDecay(rate: λ),
/// Adam())`) is L2 regularization, whose decay Adam divides by `√v`; here every weight decays at
/// the same rate. The decay follows the step-size schedule, as in PyTorch's `AdamW` and optax's
/// `adamw` (a chain of Adam's scaling, decayed weights and the learning rate).
///
/// ```swift
/// let iterations = AdamW(stepSize: 1e-3, weightDecay: 1e-2).iterations(from: model, minimizing: f)
/// ```
///
/// Reference: Loshchilov, Hutter, "Decoupled weight decay regularization", ICLR 2019.
public struct AdamW: UpdateRule {
  /// The Adam rule the decay is added to: its step sizes, β₁, β₂ and ε.
  public let adam: Adam

  /// The decay coefficient λ, relative to the step size.
  public let weightDecay: Double

  /// The same state as ``Adam``'s.
  public typealias State = Adam.State

  /// AdamW with Adam's defaults and PyTorch's default weight decay.
  ///
  /// - Parameters:
  ///   - stepSize: A positive number, or a ``StepSize`` schedule of positive numbers.
  ///   - beta1: In `[0, 1)`.
  ///   - beta2: In `[0, 1)`.
  ///   - epsilon: Positive and finite.
  ///   - weightDecay: Non-negative and finite; 0 is Adam.
  public init(
    stepSize: some StepSizeConvertible = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8, weightDecay: Double = 1e-2
  ) {
    adam = Adam(
      stepSize: stepSize.stepSize, beta1: beta1, beta2: beta2, epsilon: epsilon, rule: "AdamW")
    checkNonNegative(weightDecay, "weightDecay", in: "AdamW")
    self.weightDecay = weightDecay
  }

  /// Zero moments at step 0.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    adam.makeState(for: parameters)
  }

  /// One AdamW step, in one fused pass over the parameters and both moments.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    adam.update(&parameters, along: gradient, state: &state, decay: weightDecay, rule: "AdamW")
  }
}
