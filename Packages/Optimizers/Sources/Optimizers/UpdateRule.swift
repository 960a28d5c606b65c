/// An optimization algorithm's update: how parameters move along a gradient, with the state the
/// algorithm carries from step to step.
///
/// A rule is a small value of hyperparameters (``Adam``, ``Nesterov`` …) that works for any
/// parameters: a model, a tensor, an array of them. Its mutable memory lives apart, in an
/// explicit ``State`` made for the parameters, so one rule serves many models and a state can be
/// inspected, copied or reset:
///
/// ```swift
/// let adam = Adam(stepSize: 1e-3)
/// var state = adam.makeState(for: model)
/// for _ in 0..<100 {
///   let g = gradient(at: model, in: objective)
///   adam.update(&model, along: g, state: &state)
/// }
/// ```
///
/// or, as a sequence, ``iterations(from:minimizing:)``.
///
/// ## The state and the parameters' type
///
/// Swift has no generic associated types, so ``State`` cannot be `State<Parameters>`. Rather than
/// making every rule generic over the model (`Adam<MyModel>(…)`, which cannot be written before
/// the model's type is known), the methods are generic over the parameters and the state is
/// typed by the rule: `Adam.State` names its step count and moments. Vectors shaped like the
/// parameters are kept as ``StateVector``s and read back at the parameters' type; using a state
/// with parameters of another type stops with a message naming both. In ``Iterations`` and
/// ``Chain`` the pairing of a state with its parameters is fixed by construction.
///
/// ## Writing a rule
///
/// Validate hyperparameters in the initializer with preconditions that say what is wrong and what
/// is allowed. In ``update(_:along:state:)``, update the parameters and the state vectors
/// together with `updateLeaves` (one fused pass per parameter tensor), calling a loop specialized
/// for `Float` and `Double`. Add the rule to the table of rules that every rule's tests run
/// through.
public protocol UpdateRule {
  /// What the rule remembers between steps for one set of parameters.
  associatedtype State

  /// The state before the first step, for parameters shaped like `parameters`.
  func makeState<Parameters: VectorSpace>(for parameters: Parameters) -> State

  /// Moves `parameters` one step along `gradient`, advancing `state`.
  ///
  /// - Parameters:
  ///   - parameters: Updated in place; storage that is not shared is not copied.
  ///   - gradient: The gradient of the objective at `parameters` (or a transformation of it).
  ///   - state: Made by ``makeState(for:)`` for parameters of this type and structure.
  func update<Parameters: VectorSpace>(
    _ parameters: inout Parameters, along gradient: consuming Parameters, state: inout State)
}
