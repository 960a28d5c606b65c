/// RMSProp: per-coordinate step sizes scaled by a running mean of squared gradients.
///
/// `v ← α v + (1 − α) g²`, then `θ ← θ − η_k g / (√v + ε)`, elementwise, with `v` starting at
/// zero.
///
/// ```swift
/// let iterations = RMSProp(stepSize: 1e-3).iterations(from: m, minimizing: f)
/// ```
///
/// Reference: Tieleman, Hinton, "Lecture 6.5 — RMSProp", COURSERA: Neural Networks for Machine
/// Learning, 2012.
public struct RMSProp: UpdateRule {
  /// The step sizes η.
  public let stepSize: StepSize

  /// The decay α of the running mean of squared gradients.
  public let alpha: Double

  /// The term ε added to the denominator for numerical stability.
  public let epsilon: Double

  /// The running mean of squared gradients and the position in the schedule.
  public struct State {
    /// The step sizes still to come.
    public var stepSizes: StepSize.Iterator
    /// `v`, the running mean of squared gradients, shaped like the parameters.
    public var meanSquare: StateVector
  }

  /// RMSProp with ProtoGrad's defaults.
  ///
  /// - Parameters:
  ///   - stepSize: A positive number, or a ``StepSize`` schedule of positive numbers.
  ///   - alpha: In `[0, 1)`.
  ///   - epsilon: Positive and finite.
  public init(
    stepSize: some StepSizeConvertible = 1e-3, alpha: Double = 0.99, epsilon: Double = 1e-8
  ) {
    self.stepSize = stepSize.stepSize.validated(for: "RMSProp")
    checkFraction(alpha, "alpha", in: "RMSProp")
    checkPositive(epsilon, "epsilon", in: "RMSProp")
    self.alpha = alpha
    self.epsilon = epsilon
  }

  /// A zero mean square and the schedule from its start.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    State(stepSizes: stepSize.makeIterator(), meanSquare: StateVector(parameters.zero))
  }

  /// `v ← α v + (1 − α) g²`, `θ ← θ − η g / (√v + ε)`, in one fused pass.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    let eta = Parameters.Scalar(state.stepSizes.nextStepSize(for: "RMSProp"))
    let (alpha, epsilon) = (Parameters.Scalar(alpha), Parameters.Scalar(epsilon))
    state.meanSquare.withMutableValue(as: Parameters.self) { meanSquare in
      updateLeaves(&parameters, &meanSquare, reading: gradient) { p, v, g in
        Self.step(p, v, g, stepSize: eta, alpha: alpha, epsilon: epsilon)
      }
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @inlinable
  static func step<Scalar: VectorScalar>(
    _ p: UnsafeMutableBufferPointer<Scalar>, _ v: UnsafeMutableBufferPointer<Scalar>,
    _ g: UnsafeBufferPointer<Scalar>, stepSize eta: Scalar, alpha: Scalar, epsilon: Scalar
  ) {
    let step = LaneStep(stepSize: eta, alpha: alpha, epsilon: epsilon)
    forEachLaneGroup(step, updating: p, v, nil, reading: g)
  }

  /// The step on eight scalars of the parameters and the mean square.
  @usableFromInline
  struct LaneStep<Scalar: VectorScalar>: LaneUpdate {
    @usableFromInline let stepSize, alpha, epsilon: Scalar

    @usableFromInline
    init(stepSize: Scalar, alpha: Scalar, epsilon: Scalar) {
      (self.stepSize, self.alpha, self.epsilon) = (stepSize, alpha, epsilon)
    }

    @inlinable @inline(__always)
    func callAsFunction(
      _ p: inout SIMD8<Scalar>, _ v: inout SIMD8<Scalar>, _: inout SIMD8<Scalar>,
      _ g: SIMD8<Scalar>
    ) {
      v = alpha * v + (1 - alpha) * g * g
      p -= stepSize * g / (squareRoot(v) + epsilon)
    }
  }
}
