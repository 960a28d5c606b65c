/// AdaDelta: per-coordinate steps whose size is the ratio of running root-mean-squares of past
/// steps and past gradients, with no step size to tune.
///
/// With `E[g²]` and `E[Δ²]` starting at zero, elementwise:
///
/// ```
/// E[g²] ← α E[g²] + (1 − α) g²
/// Δ     = √(E[Δ²] + ε) / √(E[g²] + ε) · g
/// E[Δ²] ← α E[Δ²] + (1 − α) Δ²
/// θ     ← θ − Δ
/// ```
///
/// ```swift
/// let iterations = AdaDelta().iterations(from: m, minimizing: f)
/// ```
///
/// Reference: Zeiler, "ADADELTA: an adaptive learning rate method", arXiv:1212.5701, 2012.
public struct AdaDelta: UpdateRule {
  /// The decay α of both running means.
  public let alpha: Double

  /// The term ε added inside both square roots; it also sets the size of the first steps.
  public let epsilon: Double

  /// The running means of squared gradients and squared steps.
  public struct State {
    /// `E[g²]`, shaped like the parameters.
    public var meanSquareGradient: StateVector
    /// `E[Δ²]`, shaped like the parameters.
    public var meanSquareStep: StateVector
  }

  /// AdaDelta with ProtoGrad's defaults.
  ///
  /// - Parameters:
  ///   - alpha: In `[0, 1)`.
  ///   - epsilon: Positive and finite.
  public init(alpha: Double = 0.99, epsilon: Double = 1e-8) {
    checkFraction(alpha, "alpha", in: "AdaDelta")
    checkPositive(epsilon, "epsilon", in: "AdaDelta")
    self.alpha = alpha
    self.epsilon = epsilon
  }

  /// Zero running means.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    State(
      meanSquareGradient: StateVector(parameters.zero), meanSquareStep: StateVector(parameters.zero)
    )
  }

  /// One AdaDelta step, in one fused pass over the parameters and both running means.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    let (alpha, epsilon) = (Parameters.Scalar(alpha), Parameters.Scalar(epsilon))
    state.meanSquareGradient.withMutableValue(as: Parameters.self) { meanSquareGradient in
      state.meanSquareStep.withMutableValue(as: Parameters.self) { meanSquareStep in
        updateLeaves(&parameters, &meanSquareGradient, &meanSquareStep, reading: gradient) {
          p, eg, ed, g in
          Self.step(p, eg, ed, g, alpha: alpha, epsilon: epsilon)
        }
      }
    }
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @inlinable
  static func step<Scalar: VectorScalar>(
    _ p: UnsafeMutableBufferPointer<Scalar>, _ eg: UnsafeMutableBufferPointer<Scalar>,
    _ ed: UnsafeMutableBufferPointer<Scalar>, _ g: UnsafeBufferPointer<Scalar>,
    alpha: Scalar, epsilon: Scalar
  ) {
    forEachLaneGroup(LaneStep(alpha: alpha, epsilon: epsilon), updating: p, eg, ed, reading: g)
  }

  /// The step on eight scalars of the parameters and both running means.
  @usableFromInline
  struct LaneStep<Scalar: VectorScalar>: LaneUpdate {
    @usableFromInline let alpha, epsilon: Scalar

    @usableFromInline
    init(alpha: Scalar, epsilon: Scalar) {
      (self.alpha, self.epsilon) = (alpha, epsilon)
    }

    @inlinable @inline(__always)
    func callAsFunction(
      _ p: inout SIMD8<Scalar>, _ eg: inout SIMD8<Scalar>, _ ed: inout SIMD8<Scalar>,
      _ g: SIMD8<Scalar>
    ) {
      eg = alpha * eg + (1 - alpha) * g * g
      let step = squareRoot(ed + epsilon) / squareRoot(eg + epsilon) * g
      ed = alpha * ed + (1 - alpha) * step * step
      p -= step
    }
  }
}
