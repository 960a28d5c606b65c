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
/// only, shared with the iteration it returned (handing one out copies no tensor), so when the
/// caller keeps neither the previous iteration nor its solution, the next step updates the
/// parameters in place.
public struct Iterations<Rule: UpdateRule, Parameters: VectorSpace>: Sequence, IteratorProtocol
where Parameters.Scalar: TensorScalar {
  /// The update rule.
  public let rule: Rule

  /// The function minimized.
  public let objective: (Parameters) -> Tensor<Parameters.Scalar>

  /// The starting point, until the first step takes it (a copy of the sequence made before then
  /// keeps its own, so iterating the sequence again starts over).
  @usableFromInline var start: Parameters?

  /// The current solution and the gradient there, once computed; shared with the iteration last
  /// returned.
  @usableFromInline var point: IterationPoint<Parameters>?

  /// The rule's state, made at the first step.
  @usableFromInline var state: Rule.State?

  /// The iterations of `rule` on `objective` from `start`.
  public init(
    rule: Rule, start: Parameters,
    objective: @escaping (Parameters) -> Tensor<Parameters.Scalar>
  ) {
    self.rule = rule
    self.objective = objective
    self.start = start
  }

  /// The next iteration: the starting point first, then one step of the rule each time.
  @inlinable
  public mutating func next() -> Iteration<Parameters>? {
    var solution: Parameters
    let point: IterationPoint<Parameters>
    if var current = self.point.take() {
      if !isKnownUniquelyReferenced(&current) {
        current = IterationPoint(solution: current.solution!, gradient: current.gradient!)
      }
      // Moved out of the point and back, so the point holds no second reference to a tensor
      // the update could otherwise write in place.
      solution = current.solution.take()!
      let gradient = current.gradient.take()!
      if state == nil { state = rule.makeState(for: solution) }
      rule.update(&solution, along: consume gradient, state: &state!)
      point = current
    } else {
      solution = start.take()!
      point = IterationPoint()
    }
    let (value, gradient) = valueWithGradient(at: solution, in: objective)
    (point.solution, point.gradient) = (consume solution, gradient)
    self.point = point
    return Iteration(point: point, value: value)
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
