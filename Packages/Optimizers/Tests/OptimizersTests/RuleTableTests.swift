import Optimizers
import XCTest
import _TestSupport

/// Every rule, chains included, through the same checks (the table of Optimisers.jl and optax):
/// it decreases a quadratic, it leaves the starting point unchanged, its state vectors are shaped
/// like the parameters, the in-place form agrees with the sequence, in Float and in Double.
final class RuleTableTests: XCTestCase {
  /// Every rule, with settings under which 100 steps decrease ``QuadraticModel``'s objective.
  static var rules: [(name: String, rule: any UpdateRule)] {
    [
      ("GradientDescent", GradientDescent(stepSize: 0.05)),
      ("GradientDescent, schedule", GradientDescent(stepSize: StepSize(decayingFrom: 0.05))),
      ("Polyak", Polyak(stepSize: 0.05, momentum: 0.5)),
      ("Nesterov", Nesterov(stepSize: 0.1)),
      ("BarzilaiBorwein", BarzilaiBorwein(initialStepSize: 0.05)),
      ("AdaGrad", AdaGrad(stepSize: 0.5)),
      ("RMSProp", RMSProp(stepSize: 0.05)),
      ("AdaDelta", AdaDelta(alpha: 0.9, epsilon: 1e-2)),
      ("Adam", Adam(stepSize: 0.1)),
      ("AdamW", AdamW(stepSize: 0.1, weightDecay: 1e-3)),
      (
        "Chain(clip, GradientDescent)",
        Chain(ClipByGlobalNorm(maxNorm: 5), GradientDescent(stepSize: 0.05))
      ),
      (
        "Chain(clip, decay, Adam)",
        Chain(ClipByGlobalNorm(maxNorm: 1), WeightDecay(rate: 1e-4), Adam(stepSize: 0.1))
      ),
      (
        "Chain(clip, decay, clip, Nesterov)",
        Chain(
          ClipByGlobalNorm(maxNorm: 100), WeightDecay(rate: 1e-3), ClipByGlobalNorm(maxNorm: 50),
          Nesterov(stepSize: 0.1))
      ),
    ]
  }

  func testEveryRuleDecreasesAQuadratic() {
    for (name, rule) in Self.rules {
      checkDecrease(rule, Float.self, name)
      checkDecrease(rule, Double.self, name)
    }
  }

  func testEveryRuleLeavesTheStartUnchanged() {
    for (name, rule) in Self.rules {
      checkStartUnchanged(rule, Float.self, name)
      checkStartUnchanged(rule, Double.self, name)
    }
  }

  func testEveryStateIsShapedLikeTheParameters() {
    for (name, rule) in Self.rules {
      checkStateShapes(rule, Float.self, name)
      checkStateShapes(rule, Double.self, name)
    }
  }

  func testEveryInPlaceUpdateAgreesWithTheIterations() {
    for (name, rule) in Self.rules {
      checkInPlaceForm(rule, Float.self, name)
      checkInPlaceForm(rule, Double.self, name)
    }
  }

  func checkDecrease<Rule: UpdateRule, Scalar: TensorScalar>(
    _ rule: Rule, _: Scalar.Type, _ name: String
  ) {
    let iterations = rule.iterations(
      from: QuadraticModel<Scalar>.zero, minimizing: QuadraticModel.objective)
    let values = iterations.prefix(101).map { Double($0.value) }
    let gap = { (value: Double) in value - Quadratic.minimum }
    XCTAssertLessThan(
      gap(values.last!), 0.5 * gap(values.first!), "\(name), \(Scalar.self): the gap to f* halves")
    XCTAssertTrue(values.allSatisfy(\.isFinite), "\(name), \(Scalar.self)")
  }

  func checkStartUnchanged<Rule: UpdateRule, Scalar: TensorScalar>(
    _ rule: Rule, _: Scalar.Type, _ name: String
  ) {
    let start = QuadraticModel<Scalar>(
      matrix: Tensor(shape: [2, 3], scalars: [1, -1, 2, 0.5, 3, -2]), vector: Tensor([1, 2, 3, 4]))
    let before = start.flattened()
    let steps = Array(rule.iterations(from: start, minimizing: QuadraticModel.objective).prefix(5))
    XCTAssertEqual(start.flattened(), before, "\(name), \(Scalar.self)")
    XCTAssertEqual(steps[0].solution.flattened(), before, "\(name): the first element is the start")
    for step in steps.dropFirst() {
      XCTAssertNotEqual(
        storageAddress(step.solution.matrix), storageAddress(start.matrix),
        "\(name): later solutions do not share the start's storage")
    }
  }

  func checkStateShapes<Rule: UpdateRule, Scalar: TensorScalar>(
    _ rule: Rule, _: Scalar.Type, _ name: String
  ) {
    var parameters = QuadraticModel<Scalar>.zero
    var state = rule.makeState(for: parameters)
    for _ in 0..<3 {
      rule.update(
        &parameters, along: gradient(at: parameters, in: QuadraticModel.objective), state: &state)
    }
    let vectors = stateVectors(in: state)
    for vector in vectors {
      XCTAssertTrue(vector.valueType == QuadraticModel<Scalar>.self, "\(name): \(vector.valueType)")
      let value = vector.value(as: QuadraticModel<Scalar>.self)
      XCTAssertEqual(value.matrix.shape, [2, 3], name)
      XCTAssertEqual(value.vector.shape, [4], name)
      XCTAssertTrue(value.flattened().allSatisfy(\.isFinite), name)
    }
    if name.contains("Adam") || name.contains("Polyak") || name.contains("Nesterov")
      || name.contains("Ada") || name.contains("RMSProp") || name.contains("Barzilai")
    {
      XCTAssertFalse(vectors.isEmpty, "\(name) keeps vectors shaped like the parameters")
    }
  }

  func checkInPlaceForm<Rule: UpdateRule, Scalar: TensorScalar>(
    _ rule: Rule, _: Scalar.Type, _ name: String
  ) {
    var parameters = QuadraticModel<Scalar>.zero
    var state = rule.makeState(for: parameters)
    for _ in 0..<10 {
      rule.update(
        &parameters, along: gradient(at: parameters, in: QuadraticModel.objective), state: &state)
    }
    let iterations = rule.iterations(
      from: QuadraticModel<Scalar>.zero, minimizing: QuadraticModel.objective)
    XCTAssertEqual(
      last(iterations.prefix(11))!.solution.flattened(), parameters.flattened(),
      "\(name), \(Scalar.self): the iterations are makeState(for:) then update(_:along:state:)")
  }
}

/// The state vectors anywhere inside a rule's state (chains nest states), found by reflection.
func stateVectors(in state: Any) -> [StateVector] {
  if let vector = state as? StateVector { return [vector] }
  return Mirror(reflecting: state).children.flatMap { stateVectors(in: $0.value) }
}

extension StepSize {
  /// `η₀ / √(k + 1)` for `k = 0, 1, …`.
  init(decayingFrom initial: Double) {
    self.init((0...).lazy.map { initial / Double($0 + 1).squareRoot() })
  }
}
