/// A vector of the parameters' type kept in an optimizer's state (a moment, a velocity), stored
/// without naming that type in the state's own type.
///
/// Rule states are not generic over the parameters: a rule such as ``Adam`` is a plain value that
/// works for any model, and Swift has no generic associated types, so ``UpdateRule/State`` cannot
/// be `State<Parameters>`. Each state instead holds its vectors as `StateVector`s, made from the
/// parameters by ``UpdateRule/makeState(for:)`` and read back at their type; using a state with
/// parameters of another type stops with a message naming both types.
///
/// A `StateVector` has value semantics: copies are independent, and a uniquely held one is
/// updated in place (its storage is copied only when shared).
///
/// ```swift
/// var velocity = StateVector(Tensor<Double>([0, 0]))
/// velocity.withMutableValue(as: Tensor<Double>.self) { $0 += Tensor([1, 2]) }
/// velocity.value(as: Tensor<Double>.self).scalars   // [1.0, 2.0]
/// ```
public struct StateVector {
  @usableFromInline var box: AnyStateVectorBox

  /// A state vector holding `value`.
  public init<Value: VectorSpace>(_ value: Value) {
    box = StateVectorBox(value)
  }

  /// The type of the vector held.
  public var valueType: Any.Type { box.valueType }

  /// The vector held, as a `Value`.
  ///
  /// - Precondition: The vector held is a `Value`.
  public func value<Value: VectorSpace>(as type: Value.Type = Value.self) -> Value {
    typedBox(Value.self).value
  }

  /// Calls `body` with the vector held, for updating in place.
  ///
  /// The vector is copied first only if this state vector shares it with a copy of itself.
  ///
  /// - Precondition: The vector held is a `Value`.
  @inlinable
  public mutating func withMutableValue<Value: VectorSpace, Result>(
    as type: Value.Type = Value.self, _ body: (inout Value) throws -> Result
  ) rethrows -> Result {
    if !isKnownUniquelyReferenced(&box) {
      box = StateVectorBox(typedBox(Value.self).value)
    }
    let unique = typedBox(Value.self)
    return try body(&unique.value)
  }

  @usableFromInline
  func typedBox<Value>(_: Value.Type) -> StateVectorBox<Value> {
    guard let typed = box as? StateVectorBox<Value> else {
      preconditionFailure(
        "optimizer state: this state holds vectors of type \(box.valueType), not \(Value.self); "
          + "make the state with makeState(for:) from the parameters it will update")
    }
    return typed
  }
}

@usableFromInline
class AnyStateVectorBox {
  var valueType: Any.Type { fatalError("abstract") }
}

@usableFromInline
final class StateVectorBox<Value>: AnyStateVectorBox {
  @usableFromInline var value: Value

  @usableFromInline
  init(_ value: Value) { self.value = value }

  override var valueType: Any.Type { Value.self }
}
