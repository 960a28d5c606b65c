import Optimizers
import XCTest
import _TestSupport

final class StateVectorTests: XCTestCase {
  func testDocumentationExample() {
    var velocity = StateVector(Tensor<Double>([0, 0]))
    velocity.withMutableValue(as: Tensor<Double>.self) { $0 += Tensor([1, 2]) }
    XCTAssertEqual(velocity.value(as: Tensor<Double>.self).scalars, [1.0, 2.0])
    XCTAssertTrue(velocity.valueType == Tensor<Double>.self)
  }

  func testCopiesAreIndependent() {
    var a = StateVector(Tensor<Float>([1, 2]))
    let b = a
    a.withMutableValue(as: Tensor<Float>.self) { $0.scale(by: 10) }
    XCTAssertEqual(a.value(as: Tensor<Float>.self).scalars, [10, 20])
    XCTAssertEqual(b.value(as: Tensor<Float>.self).scalars, [1, 2])
  }

  func testUniquelyHeldVectorsAreUpdatedInPlace() {
    var a = StateVector(Tensor<Float>.zeros(shape: [100]))
    let before = storageAddress(a.value(as: Tensor<Float>.self))
    a.withMutableValue(as: Tensor<Float>.self) { $0.add(Tensor.ones(shape: [100]), scaledBy: 1) }
    XCTAssertEqual(storageAddress(a.value(as: Tensor<Float>.self)), before)
  }

  /// A state made for one model type and used with another says so.
  func testUseWithAnotherParameterTypeStopsWithTheReason() {
    assertPreconditionFailure(
      self, containing: "holds vectors of type QuadraticModel<Double>, not Tensor<Double>",
      "makeState(for:)"
    ) {
      let rule = Adam()
      var state = rule.makeState(for: QuadraticModel<Double>.zero)
      var x = Tensor<Double>([1])
      rule.update(&x, along: x, state: &state)
    }
  }
}
