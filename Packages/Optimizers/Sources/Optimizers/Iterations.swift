/// The iterations of an update rule on an objective: an infinite sequence whose first element is
/// the starting point and each later one a step further.
///
/// Made by ``UpdateRule/iterations(from:minimizing:)``. Each element is an ``Iteration``: the
/// solution, the objective's value and its gradient there. Each step computes one value and
/// gradient (one call of the objective). The starting parameters are never mutated; iterating the
/// sequence again starts over from them.
///
/// Use the standard library for early stopping, logging and counting:
///
/// ```swift
/// let iterations = Adam().iterations(from: model, minimizing: objective)
/// let solution = last(iterations.prefix(1000))!.solution
/// for (k, iteration) in iterations.enumerated().prefix(100) where k % 10 == 0 {
///   print(k, iteration.value)
/// }
/// let converged = iterations.lazy.prefix(while: { $0.gradient.norm > 1e-6 })
/// ```
///
/// The sequence is its own iterator. Between steps it holds the current solution and gradient
/// only, so when the caller does not keep the previous solution, the next step updates the
/// parameters in place.
public struct Iterations<Rule: UpdateRule, Parameters: VectorSpace>: Sequence, IteratorProtocol
where Parameters.Scalar: TensorScalar {
  /// The update rule.
  public let rule: Rule

  /// The function minimized.
  public let objective: (Parameters) -> Tensor<Parameters.Scalar>

  /// The current solution: the starting point until the first step.
  @usableFromInline var solution: Parameters

  /// The gradient at `solution`, once computed.
  @usableFromInline var gradient: Parameters?

  /// The rule's state, made at the first step.
  @usableFromInline var state: Rule.State?

  /// The iterations of `rule` on `objective` from `start`.
  public init(
    rule: Rule, start: Parameters,
    objective: @escaping (Parameters) -> Tensor<Parameters.Scalar>
  ) {
    self.rule = rule
    self.objective = objective
    self.solution = start
  }

  /// The next iteration: the starting point first, then one step of the rule each time.
  @inlinable
  public mutating func next() -> Iteration<Parameters>? {
    if let gradient = gradient.take() {
      if state == nil { state = rule.makeState(for: solution) }
      rule.update(&solution, along: consume gradient, state: &state!)
    }
    let (value, newGradient) = valueWithGradient(at: solution, in: objective)
    gradient = newGradient
    return Iteration(solution: solution, value: value, gradient: newGradient)
  }
}

extension UpdateRule {
  /// The iterations of this rule minimizing `objective` from `start`: an infinite sequence of
  /// (solution, value, gradient), starting with `start` itself.
  ///
  /// ```swift
  /// let iterations = GradientDescent(stepSize: 0.1).iterations(from: m, minimizing: objective)
  /// let solution = last(iterations.prefix(101))!.solution   // after 100 steps
  /// ```
  ///
  /// - Parameters:
  ///   - start: The starting parameters: a ``Model`` of tensors, or a tensor. Never mutated.
  ///   - objective: The function to minimize; it returns a tensor with one element. It is called
  ///     once per element of the sequence, so a stochastic objective sees a new batch each step.
  public func iterations<Parameters: VectorSpace>(
    from start: Parameters,
    minimizing objective: @escaping (Parameters) -> Tensor<Parameters.Scalar>
  ) -> Iterations<Self, Parameters> where Parameters.Scalar: TensorScalar {
    Iterations(rule: self, start: start, objective: objective)
  }
}
