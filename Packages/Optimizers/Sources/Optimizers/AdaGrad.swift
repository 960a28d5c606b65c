/// AdaGrad: per-coordinate step sizes shrinking with the sum of squared past gradients.
///
/// `G ← G + g²`, then `θ ← θ − η_k g / (√G + ε)`, elementwise, with `G` starting at zero.
///
/// ```swift
/// let iterations = AdaGrad(stepSize: 0.1).iterations(from: m, minimizing: f)
/// ```
///
/// Reference: Duchi, Hazan, Singer, "Adaptive subgradient methods for online learning and
/// stochastic optimization", JMLR 12, 2011.
public struct AdaGrad: UpdateRule {
  /// The step sizes η.
  public let stepSize: StepSize

  /// The term ε added to the denominator for numerical stability.
  public let epsilon: Double

  /// The accumulated squared gradients and the position in the schedule.
  public struct State {
    /// The step sizes still to come.
    public var stepSizes: StepSize.Iterator
    /// `G`, the sum of the squares of all gradients so far, shaped like the parameters.
    public var sumOfSquares: StateVector
  }

  /// AdaGrad with ProtoGrad's defaults.
  ///
  /// - Parameters:
  ///   - stepSize: A positive number, or a ``StepSize`` schedule of positive numbers.
  ///   - epsilon: Positive and finite.
  public init(stepSize: some StepSizeConvertible = 1e-3, epsilon: Double = 1e-8) {
    self.stepSize = stepSize.stepSize.validated(for: "AdaGrad")
    checkPositive(epsilon, "epsilon", in: "AdaGrad")
    self.epsilon = epsilon
  }

  /// A zero sum of squares and the schedule from its start.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    State(stepSizes: stepSize.makeIterator(), sumOfSquares: StateVector(parameters.zero))
  }

  /// `G ← G + g²`, `θ ← θ − η g / (√G + ε)`, in one fused pass.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    let eta = Parameters.Scalar(state.stepSizes.nextStepSize(for: "AdaGrad"))
    let epsilon = Parameters.Scalar(epsilon)
    state.sumOfSquares.withMutableValue(as: Parameters.self) { sumOfSquares in
      updateLeaves(&parameters, &sumOfSquares, reading: gradient) { p, s, g in
        Self.step(p, s, g, stepSize: eta, epsilon: epsilon)
      }
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @inlinable
  static func step<Scalar: VectorScalar>(
    _ p: UnsafeMutableBufferPointer<Scalar>, _ s: UnsafeMutableBufferPointer<Scalar>,
    _ g: UnsafeBufferPointer<Scalar>, stepSize eta: Scalar, epsilon: Scalar
  ) {
    forEachLaneGroup(LaneStep(stepSize: eta, epsilon: epsilon), updating: p, s, nil, reading: g)
  }

  /// The step on eight scalars of the parameters and the sum of squares.
  @usableFromInline
  struct LaneStep<Scalar: VectorScalar>: LaneUpdate {
    @usableFromInline let stepSize, epsilon: Scalar

    @usableFromInline
    init(stepSize: Scalar, epsilon: Scalar) {
      (self.stepSize, self.epsilon) = (stepSize, epsilon)
    }

    @inlinable @inline(__always)
    func callAsFunction(
      _ p: inout SIMD8<Scalar>, _ s: inout SIMD8<Scalar>, _: inout SIMD8<Scalar>,
      _ g: SIMD8<Scalar>
    ) {
      s += g * g
      p -= stepSize * g / (squareRoot(s) + epsilon)
    }
  }
}
