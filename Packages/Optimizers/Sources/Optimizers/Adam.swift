/// Adam: per-coordinate steps from running means of the gradient and of its square, with bias
/// correction.
///
/// With `m` and `v` starting at zero, at step `t = 1, 2, …`, elementwise:
///
/// ```
/// m ← β₁ m + (1 − β₁) g
/// v ← β₂ v + (1 − β₂) g²
/// θ ← θ − η_t √(1 − β₂ᵗ) / (1 − β₁ᵗ) · m / (√v + ε)
/// ```
///
/// (the form of section 2 of the paper that folds the bias corrections into the step size, as
/// ProtoGrad does). The parameters and both moments are updated in one fused pass per tensor.
///
/// ```swift
/// let iterations = Adam(stepSize: 1e-3).iterations(from: model, minimizing: objective)
/// ```
///
/// Reference: Kingma, Ba, "Adam: a method for stochastic optimization", ICLR 2015.
public struct Adam: UpdateRule {
  /// The step sizes η.
  public let stepSize: StepSize

  /// The decay β₁ of the running mean of gradients.
  public let beta1: Double

  /// The decay β₂ of the running mean of squared gradients.
  public let beta2: Double

  /// The term ε added to the denominator for numerical stability.
  public let epsilon: Double

  /// The moments, the step count and the position in the step-size schedule (``AdamW``'s too).
  public struct State {
    /// The step sizes still to come.
    public var stepSizes: StepSize.Iterator
    /// The number of steps taken, `t`.
    public var step = 0
    /// `β₁ᵗ`, for the bias correction.
    public var beta1Power: Double = 1
    /// `β₂ᵗ`, for the bias correction.
    public var beta2Power: Double = 1
    /// `m`, the running mean of gradients, shaped like the parameters.
    public var firstMoment: StateVector
    /// `v`, the running mean of squared gradients, shaped like the parameters.
    public var secondMoment: StateVector

    init<Parameters: VectorSpace>(stepSizes: StepSize.Iterator, parameters: Parameters) {
      self.stepSizes = stepSizes
      firstMoment = StateVector(parameters.zero)
      secondMoment = StateVector(parameters.zero)
    }
  }

  /// Adam with ProtoGrad's defaults (those of the paper).
  ///
  /// - Parameters:
  ///   - stepSize: A positive number, or a ``StepSize`` schedule of positive numbers.
  ///   - beta1: In `[0, 1)`.
  ///   - beta2: In `[0, 1)`.
  ///   - epsilon: Positive and finite.
  public init(
    stepSize: some StepSizeConvertible = 1e-3, beta1: Double = 0.9, beta2: Double = 0.999,
    epsilon: Double = 1e-8
  ) {
    self.init(
      stepSize: stepSize.stepSize, beta1: beta1, beta2: beta2, epsilon: epsilon, rule: "Adam")
  }

  init(stepSize: StepSize, beta1: Double, beta2: Double, epsilon: Double, rule: String) {
    self.stepSize = stepSize.validated(for: rule)
    checkFraction(beta1, "beta1", in: rule)
    checkFraction(beta2, "beta2", in: rule)
    checkPositive(epsilon, "epsilon", in: rule)
    (self.beta1, self.beta2, self.epsilon) = (beta1, beta2, epsilon)
  }

  /// Zero moments at step 0.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    State(stepSizes: stepSize.makeIterator(), parameters: parameters)
  }

  /// One Adam step, in one fused pass over the parameters and both moments.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    update(&parameters, along: gradient, state: &state, decay: 0, rule: "Adam")
  }

  /// One step, shrinking the parameters by `decay` (a multiple of the step size) as well.
  @inlinable
  func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: Parameters, state: inout State,
    decay: Double, rule: String
  ) {
    let eta = state.stepSizes.nextStepSize(for: rule)
    state.step += 1
    state.beta1Power *= beta1
    state.beta2Power *= beta2
    let step = LaneStep<Parameters.Scalar>(
      beta1: Parameters.Scalar(beta1), beta2: Parameters.Scalar(beta2),
      stepSize: Parameters.Scalar(
        eta * (1 - state.beta2Power).squareRoot() / (1 - state.beta1Power)),
      epsilon: Parameters.Scalar(epsilon), decay: Parameters.Scalar(eta * decay))
    state.firstMoment.withMutableValue(as: Parameters.self) { firstMoment in
      state.secondMoment.withMutableValue(as: Parameters.self) { secondMoment in
        updateLeaves(&parameters, &firstMoment, &secondMoment, reading: gradient) { p, m, v, g in
          Self.step(p, m, v, g, step)
        }
      }
    }
  }

  /// The step on eight scalars of the parameters and both moments, with its coefficients
  /// converted to the parameters' scalar type once per step.
  @usableFromInline
  struct LaneStep<Scalar: VectorScalar>: LaneUpdate {
    @usableFromInline let beta1, beta2, stepSize, epsilon, decay: Scalar

    @usableFromInline
    init(beta1: Scalar, beta2: Scalar, stepSize: Scalar, epsilon: Scalar, decay: Scalar) {
      (self.beta1, self.beta2, self.stepSize) = (beta1, beta2, stepSize)
      (self.epsilon, self.decay) = (epsilon, decay)
    }

    @inlinable @inline(__always)
    func callAsFunction(
      _ p: inout SIMD8<Scalar>, _ m: inout SIMD8<Scalar>, _ v: inout SIMD8<Scalar>,
      _ g: SIMD8<Scalar>
    ) {
      m = beta1 * m + (1 - beta1) * g
      v = beta2 * v + (1 - beta2) * g * g
      p = p - decay * p - stepSize * m / (squareRoot(v) + epsilon)
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @inlinable
  static func step<Scalar: VectorScalar>(
    _ p: UnsafeMutableBufferPointer<Scalar>, _ m: UnsafeMutableBufferPointer<Scalar>,
    _ v: UnsafeMutableBufferPointer<Scalar>, _ g: UnsafeBufferPointer<Scalar>,
    _ step: LaneStep<Scalar>
  ) {
    forEachLaneGroup(step, updating: p, m, v, reading: g)
  }
}
