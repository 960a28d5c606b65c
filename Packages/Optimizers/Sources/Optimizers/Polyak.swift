/// Polyak's heavy-ball method: gradient descent with momentum.
///
/// `v ← μ v − η_k ∇f(θ)`, then `θ ← θ + v`, with `v` starting at zero; equivalently
/// `θ_{k+1} = θ_k − η_k ∇f(θ_k) + μ (θ_k − θ_{k−1})`.
///
/// ```swift
/// let optimizer = Polyak(stepSize: 0.1, momentum: 0.5)
/// let solution = last(optimizer.iterations(from: m, minimizing: f).prefix(1001))!.solution
/// ```
///
/// Reference: Polyak, "Some methods of speeding up the convergence of iteration methods",
/// USSR Computational Mathematics and Mathematical Physics 4(5), 1964.
public struct Polyak: UpdateRule {
  /// The step sizes η.
  public let stepSize: StepSize

  /// The momentum μ: the fraction of the previous step carried into the next.
  public let momentum: Double

  /// The velocity and the position in the step-size schedule.
  public struct State {
    /// The step sizes still to come.
    public var stepSizes: StepSize.Iterator
    /// The last step `v = θ_k − θ_{k−1}`, shaped like the parameters.
    public var velocity: StateVector
  }

  /// The heavy-ball method with the given step size and momentum.
  ///
  /// - Parameters:
  ///   - stepSize: A positive number, or a ``StepSize`` schedule of positive numbers.
  ///   - momentum: In `[0, 1)`; 0 is gradient descent.
  public init(stepSize: some StepSizeConvertible, momentum: Double) {
    self.stepSize = stepSize.stepSize.validated(for: "Polyak")
    checkFraction(momentum, "momentum", in: "Polyak")
    self.momentum = momentum
  }

  /// A zero velocity and the schedule from its start.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    State(stepSizes: stepSize.makeIterator(), velocity: StateVector(parameters.zero))
  }

  /// `v ← μ v − η ∇f(θ)`, `θ ← θ + v`, in one fused pass.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    let eta = Parameters.Scalar(state.stepSizes.nextStepSize(for: "Polyak"))
    let mu = Parameters.Scalar(momentum)
    state.velocity.withMutableValue(as: Parameters.self) { velocity in
      updateLeaves(&parameters, &velocity, reading: gradient) { p, v, g in
        Self.step(p, v, g, stepSize: eta, momentum: mu)
      }
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @usableFromInline
  static func step<Scalar: VectorScalar>(
    _ p: UnsafeMutableBufferPointer<Scalar>, _ v: UnsafeMutableBufferPointer<Scalar>,
    _ g: UnsafeBufferPointer<Scalar>, stepSize eta: Scalar, momentum mu: Scalar
  ) {
    let count = p.count
    guard let p = p.baseAddress, let v = v.baseAddress, let g = g.baseAddress else { return }
    for i in 0..<count {
      let step = mu * v[i] - eta * g[i]
      v[i] = step
      p[i] += step
    }
  }
}
