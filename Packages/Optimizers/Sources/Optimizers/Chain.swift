/// Gradient transformations followed by an update rule: each step transforms the gradient in
/// order, then the rule updates the parameters along the result.
///
/// A chain is itself an ``UpdateRule``, so it has ``UpdateRule/iterations(from:minimizing:)`` and
/// the in-place ``update(_:along:state:)``. Its state holds the state of each part. Longer chains
/// nest: `Chain(a, b, rule)` is `Chain(a, Chain(b, rule))`.
///
/// ```swift
/// // Clip the gradient to norm 1, add L2 weight decay, then take an Adam step.
/// let optimizer = Chain(ClipByGlobalNorm(maxNorm: 1), WeightDecay(rate: 1e-4), Adam())
/// let iterations = optimizer.iterations(from: model, minimizing: objective)
/// ```
///
/// This is optax's `chain`: there, `adam` itself is a chain of gradient transformations. Here the
/// final rule is fused (it updates the parameters and its state in one pass), so rules are not
/// split into transformations. Decoupled weight decay is a rule of its own, ``AdamW``: decay
/// added to the gradient before ``Adam`` (`Chain(WeightDecay(rate: λ), Adam())`) is L2
/// regularization, which Adam's scaling changes.
public struct Chain<Transformation: GradientTransformation, Rule: UpdateRule>: UpdateRule {
  /// The transformation applied to the gradient first.
  public let transformation: Transformation

  /// The rule (possibly a chain) applied to the transformed gradient.
  public let rule: Rule

  /// The states of the transformation and of the rule.
  public struct State {
    /// The state of ``Chain/transformation``.
    public var transformation: Transformation.State
    /// The state of ``Chain/rule``.
    public var rule: Rule.State
  }

  /// `transformation`, then `rule`.
  public init(_ transformation: Transformation, _ rule: Rule) {
    self.transformation = transformation
    self.rule = rule
  }

  /// `first`, then `second`, then `rule`.
  public init<Second: GradientTransformation, Final: UpdateRule>(
    _ first: Transformation, _ second: Second, _ rule: Final
  ) where Rule == Chain<Second, Final> {
    self.init(first, Chain<Second, Final>(second, rule))
  }

  /// `first`, then `second`, then `third`, then `rule`.
  public init<Second: GradientTransformation, Third: GradientTransformation, Final: UpdateRule>(
    _ first: Transformation, _ second: Second, _ third: Third, _ rule: Final
  ) where Rule == Chain<Second, Chain<Third, Final>> {
    self.init(first, Chain<Second, Chain<Third, Final>>(second, third, rule))
  }

  /// The states of the transformation and of the rule, both before their first step.
  public func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State {
    State(
      transformation: transformation.makeState(for: parameters),
      rule: rule.makeState(for: parameters))
  }

  /// Transforms `gradient`, then lets ``rule`` update `parameters` along the result.
  @inlinable
  public func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State
  ) {
    transformation.transform(&gradient, at: parameters, state: &state.transformation)
    rule.update(&parameters, along: gradient, state: &state.rule)
  }
}
