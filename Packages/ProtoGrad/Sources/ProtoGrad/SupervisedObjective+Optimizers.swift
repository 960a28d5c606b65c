// Where objectives meet optimizers: a `SupervisedObjective` goes wherever an objective function
// of a layer is expected. (Objectives and Optimizers do not import each other; the umbrella does.)

extension UpdateRule {
  /// The iterations of this rule from `start` on a supervised objective: each step draws the next
  /// batch (see ``UpdateRule/iterations(from:minimizing:)``).
  public func iterations<M: Layer, Batches>(
    from start: M, minimizing objective: SupervisedObjective<M.Scalar, Batches>
  ) -> Iterations<Self, M> {
    iterations(from: start, minimizing: { objective($0) })
  }
}

/// The loss of `model` on the objective's next batch and its gradient, of the model's type.
public func valueWithGradient<M: Layer, Batches>(
  at model: M, in objective: SupervisedObjective<M.Scalar, Batches>
) -> (value: M.Scalar, gradient: M) {
  valueWithGradient(at: model, in: { objective($0) })
}

/// The gradient of the objective's loss on its next batch at `model`, of the model's type.
public func gradient<M: Layer, Batches>(
  at model: M, in objective: SupervisedObjective<M.Scalar, Batches>
) -> M {
  valueWithGradient(at: model, in: objective).gradient
}
