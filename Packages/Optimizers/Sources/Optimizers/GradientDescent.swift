/// Gradient descent: a step against the gradient.
///
/// `θ ← θ − η_k ∇f(θ)`, with `η_k` the k-th step size. With a constant step `1/L` on a convex
/// objective whose gradient is `L`-Lipschitz, `f(θ_k) − f* ≤ L‖θ_0 − θ*‖² / (2k)`.
///
/// ```swift
/// let iterations = GradientDescent(stepSize: 0.1).iterations(from: m, minimizing: objective)
/// let solution = last(iterations.prefix(101))!.solution
/// ```
///
/// Reference: Cauchy, "Méthode générale pour la résolution des systèmes d'équations
/// simultanées", 1847; Nesterov, "Lectures on Convex Optimization", 2018, §2.1.5.
public struct GradientDescent: UpdateRule {
  /// The step sizes η.
  public let stepSize: StepSize

  /// The position in the step-size schedule.
  public struct State {
    /// The step sizes still to come.
    public var stepSizes: StepSize.Iterator
  }

  /// Gradient descent with the given step size.
  ///
  /// - Parameter stepSize: A positive number, or a ``StepSize`` schedule of positive numbers.
  public init(stepSize: some StepSizeConvertible) {
    self.stepSize = stepSize.stepSize.validated(for: "GradientDescent")
  }

  /// The state before the first step.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    State(stepSizes: stepSize.makeIterator())
  }

  /// `θ ← θ − η ∇f(θ)`, in one fused pass.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    let factor = -Parameters.Scalar(state.stepSizes.nextStepSize(for: "GradientDescent"))
    // A fused leaf update, like the other rules': `parameters.add(gradient, scaledBy:)` ran
    // unspecialized per leaf (a generic leaf type opened from the model's layout).
    updateLeaves(&parameters, reading: gradient) { p, g in
      VectorKernels.axpy(g, scaledBy: factor, into: p)
    }
  }
}
