/// Nesterov's accelerated gradient method.
///
/// From `z_0 = θ_0` and `t_0 = 1`, each step takes a gradient step from the current point and
/// extrapolates along the last move:
///
/// ```
/// z_{k+1} = θ_k − η_k ∇f(θ_k)
/// t_{k+1} = (1 + √(1 + 4 t_k²)) / 2
/// θ_{k+1} = z_{k+1} + ((t_k − 1) / t_{k+1}) (z_{k+1} − z_k)
/// ```
///
/// The iterations' solutions are the points `θ_k` where gradients are taken. With step `1/L` on a
/// convex objective whose gradient is `L`-Lipschitz, `f − f* ≤ 2L‖θ_0 − θ*‖² / (k + 1)²` after
/// `k` steps, against `O(1/k)` for gradient descent.
///
/// ```swift
/// let iterations = Nesterov(stepSize: 1 / lipschitz).iterations(from: m, minimizing: f)
/// ```
///
/// Reference: Nesterov, "A method for solving the convex programming problem with convergence
/// rate O(1/k²)", Soviet Mathematics Doklady 27, 1983; Beck, Teboulle, "A fast iterative
/// shrinkage-thresholding algorithm for linear inverse problems", SIAM J. Imaging Sciences 2(1),
/// 2009.
public struct Nesterov: UpdateRule {
  /// The step sizes η.
  public let stepSize: StepSize

  /// The last gradient step, the momentum sequence and the position in the schedule.
  public struct State {
    /// The step sizes still to come.
    public var stepSizes: StepSize.Iterator
    /// The result of the last gradient step `z_k` (the starting point before the first step).
    public var previousGradientStep: StateVector
    /// The momentum sequence's `t_k`.
    public var t: Double = 1
  }

  /// Nesterov's method with the given step size.
  ///
  /// - Parameter stepSize: A positive number, or a ``StepSize`` schedule of positive numbers.
  public init(stepSize: some StepSizeConvertible) {
    self.stepSize = stepSize.stepSize.validated(for: "Nesterov")
  }

  /// `z_0 = θ_0`, `t_0 = 1`.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    State(stepSizes: stepSize.makeIterator(), previousGradientStep: StateVector(parameters))
  }

  /// One gradient step and extrapolation, in one fused pass.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    let eta = Parameters.Scalar(state.stepSizes.nextStepSize(for: "Nesterov"))
    let nextT = (1 + (1 + 4 * state.t * state.t).squareRoot()) / 2
    let beta = Parameters.Scalar((state.t - 1) / nextT)
    state.t = nextT
    state.previousGradientStep.withMutableValue(as: Parameters.self) { previous in
      updateLeaves(&parameters, &previous, reading: gradient) { p, z, g in
        Self.step(p, z, g, stepSize: eta, extrapolation: beta)
      }
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @usableFromInline
  static func step<Scalar: VectorScalar>(
    _ p: UnsafeMutableBufferPointer<Scalar>, _ z: UnsafeMutableBufferPointer<Scalar>,
    _ g: UnsafeBufferPointer<Scalar>, stepSize eta: Scalar, extrapolation beta: Scalar
  ) {
    let count = p.count
    guard let p = p.baseAddress, let z = z.baseAddress, let g = g.baseAddress else { return }
    for i in 0..<count {
      let next = p[i] - eta * g[i]
      p[i] = next + beta * (next - z[i])
      z[i] = next
    }
  }
}
