/// Optimizers: update rules, their composition, and optimization as a sequence of iterations.
///
/// An ``UpdateRule`` (``GradientDescent``, ``Adam`` …) applied to a starting model and an
/// objective is an infinite sequence of ``Iteration``s:
///
/// ```swift
/// let iterations = GradientDescent(stepSize: 0.1).iterations(from: m, minimizing: objective)
/// let solution = last(iterations.prefix(101))!.solution
/// ```
///
/// Rules compose with gradient transformations (``ClipByGlobalNorm``, ``WeightDecay``) in a
/// ``Chain``; hand-written loops use ``UpdateRule/makeState(for:)`` and
/// ``UpdateRule/update(_:along:state:)`` directly. Step sizes are numbers or schedules
/// (``StepSize``).
@_exported import Autodiff
