/// The solution and gradient of one iteration, in one reference shared by the ``Iteration``
/// values that show them and by ``Iterations`` while they are its current point.
///
/// Handing out an iteration then costs one reference count instead of a copy of the parameters
/// and of the gradient (a retain and a release per tensor of each). ``Iterations`` takes the
/// point back for the next step when nothing else holds it, and otherwise copies it first, so an
/// ``Iteration`` is a value: a later step never changes one already returned.
@usableFromInline
final class IterationPoint<Parameters> {
  /// The parameters; nil only while ``Iterations`` computes them.
  @usableFromInline var solution: Parameters?

  /// The objective's gradient at ``solution``; nil only while ``Iterations`` computes it.
  @usableFromInline var gradient: Parameters?

  /// An empty point, filled by ``Iterations`` at its first step.
  @usableFromInline
  init() {}

  @usableFromInline
  init(solution: Parameters, gradient: Parameters) {
    self.solution = solution
    self.gradient = gradient
  }
}
