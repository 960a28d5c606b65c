/// Gradient descent with the Barzilai–Borwein step size: a scalar secant approximation of the
/// inverse Hessian, recomputed each step from the last move and gradient change.
///
/// `θ_{k+1} = θ_k − α_k ∇f(θ_k)`, with `α_0` given and, for `s = θ_k − θ_{k−1}` and
/// `y = ∇f(θ_k) − ∇f(θ_{k−1})`,
///
/// ```
/// α_k = ⟨s, s⟩ / ⟨s, y⟩ = α_{k−1} ‖g_{k−1}‖² / (‖g_{k−1}‖² − ⟨g_{k−1}, g_k⟩)
/// ```
///
/// (the second form because `s = −α_{k−1} g_{k−1}`). Where the curvature `⟨s, y⟩` is not
/// positive (a non-convex region, or a gradient that did not change) the previous step size is
/// kept. The method is not monotone: the objective may rise on some steps.
///
/// ```swift
/// let iterations = BarzilaiBorwein(initialStepSize: 0.1).iterations(from: m, minimizing: f)
/// ```
///
/// Reference: Barzilai, Borwein, "Two-point step size gradient methods", IMA Journal of
/// Numerical Analysis 8(1), 1988.
public struct BarzilaiBorwein: UpdateRule {
  /// The step size of the first step, α₀.
  public let initialStepSize: Double

  /// The step size and the gradient of the last step.
  public struct State {
    /// The step size of the last step (α₀ before the first).
    public var stepSize: Double
    /// The gradient of the last step, `nil` before the first.
    public var previousGradient: StateVector?
    /// `‖g_{k−1}‖²`.
    public var previousGradientSquaredNorm: Double = 0
  }

  /// The Barzilai–Borwein method starting with step size `initialStepSize`.
  ///
  /// - Parameter initialStepSize: Positive and finite.
  public init(initialStepSize: Double) {
    checkPositive(initialStepSize, "initialStepSize", in: "BarzilaiBorwein")
    self.initialStepSize = initialStepSize
  }

  /// No previous gradient; the initial step size.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    State(stepSize: initialStepSize)
  }

  /// Updates the step size from the last gradient, then `θ ← θ − α ∇f(θ)`.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    let squaredNorm = Double(gradient.dot(gradient))
    if let previous = state.previousGradient?.value(as: Parameters.self) {
      let curvature = state.previousGradientSquaredNorm - Double(previous.dot(gradient))
      let next = state.stepSize * state.previousGradientSquaredNorm / curvature
      if curvature > 0 && next.isFinite && next > 0 { state.stepSize = next }
    }
    parameters.add(gradient, scaledBy: -Parameters.Scalar(state.stepSize))
    state.previousGradientSquaredNorm = squaredNorm
    state.previousGradient = StateVector(gradient)
  }
}
