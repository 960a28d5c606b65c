import XCTest
import _TestSupport

@testable import Autodiff

/// Two tensors stored inline: the fused updates reach them through `Tensor.withBuffers`.
private struct Affine: Model {
  typealias Scalar = Float
  var weight: Tensor<Float>
  var bias: Tensor<Float>
}

final class TensorFusedUpdateTests: XCTestCase {
  private func address(_ tensor: Tensor<Float>) -> UnsafePointer<Float>? {
    tensor.withUnsafeBufferPointer { $0.baseAddress }
  }

  func testEveryOperandReachesTheBodyAndAbsentOnesAreEmpty() {
    let x = Tensor<Float>(shape: [2], scalars: [1, 2])
    let y = Tensor<Float>(shape: [2], scalars: [10, 20])
    var (a, b, c) = (x.zero, x.zero, x.zero)
    var counts: [[Int]] = []
    withUnsafeMutablePointer(to: &a) { a in
      withUnsafeMutablePointer(to: &b) { b in
        withUnsafeMutablePointer(to: &c) { c in
          withUnsafePointer(to: x) { x in
            withUnsafePointer(to: y) { y in
              Tensor.withBuffers(ofTargets: (a, b, c), sources: (x, y)) { a, b, c, x, y in
                for i in a.indices {
                  a[i] = x[i] + y[i]
                  b[i] = x[i] * y[i]
                  c[i] = y[i] - x[i]
                }
              }
              Tensor.withBuffers(ofTargets: (a, nil, nil), sources: (x, nil)) { a, b, c, x, y in
                counts.append([a.count, b.count, c.count, x.count, y.count])
              }
            }
          }
        }
      }
    }
    XCTAssertEqual(a.scalars, [11, 22])
    XCTAssertEqual(b.scalars, [10, 40])
    XCTAssertEqual(c.scalars, [9, 18])
    XCTAssertEqual(counts, [[2, 0, 0, 2, 0]])
  }

  func testATargetSharingStorageIsCopiedAndTheSourceReadUnchanged() {
    var model = Affine(weight: Tensor(shape: [3], scalars: [1, 2, 3]), bias: Tensor([5]))
    let snapshot = model
    var velocity = model.zero
    updateLeaves(&model, &velocity, reading: snapshot) { p, v, g in
      for i in p.indices {
        v[i] = g[i]
        p[i] -= 0.5 * g[i]
      }
    }
    XCTAssertEqual(model.weight.scalars, [0.5, 1, 1.5])
    XCTAssertEqual(model.bias.scalars, [2.5])
    XCTAssertEqual(velocity.weight.scalars, [1, 2, 3])
    XCTAssertEqual(snapshot.weight.scalars, [1, 2, 3], "the source shared the target's storage")
    XCTAssertNotEqual(address(model.weight), address(snapshot.weight))
  }

  func testUniquelyHeldTargetsAreUpdatedInPlace() {
    var model = Affine(weight: Tensor(shape: [3], scalars: [1, 2, 3]), bias: Tensor([5]))
    let gradient = model.scaled(by: 2)
    let before = (address(model.weight), address(model.bias))
    updateLeaves(&model, reading: gradient) { p, g in
      for i in p.indices { p[i] -= g[i] }
    }
    XCTAssertEqual(model.weight.scalars, [-1, -2, -3])
    XCTAssertEqual(model.bias.scalars, [-5])
    XCTAssertEqual(address(model.weight), before.0)
    XCTAssertEqual(address(model.bias), before.1)
  }

  func testOperandsOfDifferentSizesStopWithTheLeafName() {
    var model = Affine(weight: Tensor(shape: [3], scalars: [1, 2, 3]), bias: Tensor([5]))
    let wrong = Affine(weight: Tensor([1, 2]), bias: Tensor([5]))
    assertPreconditionFailure(self, containing: "leaf weight has 3", "2 in the first source") {
      updateLeaves(&model, reading: wrong) { _, _ in }
    }
  }
}
