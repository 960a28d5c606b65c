import Foundation
import XCTest
import _TestSupport

final class ReshapeTests: XCTestCase {
  func testReshapedKeepsRowMajorOrder() {
    let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    let y = x.reshaped(to: [3, -1])
    XCTAssertEqual(y.shape, [3, 2])
    XCTAssertEqual(y.scalars, [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(x.reshaped(to: [6]).shape, [6])
    XCTAssertEqual(Tensor<Double>(7).reshaped(to: [1, 1]).shape, [1, 1])
    XCTAssertEqual(Tensor<Double>(shape: [1, 1], scalars: [7]).reshaped(to: []).scalar, 7)
  }

  func testReshapedInfersTheMinusOneDimension() {
    let x = testTensor([2, 3, 4])
    XCTAssertEqual(x.reshaped(to: [-1, 4]).shape, [6, 4])
    XCTAssertEqual(x.reshaped(to: [4, -1]).shape, [4, 6])
    XCTAssertEqual(x.reshaped(to: [2, -1, 3]).shape, [2, 4, 3])
    XCTAssertEqual(x.reshaped(to: [-1]).shape, [24])
    XCTAssertEqual(x.reshaped(to: [-1]).scalars, x.scalars)
    XCTAssertEqual(Tensor<Double>.zeros(shape: [0, 3]).reshaped(to: [-1, 3]).shape, [0, 3])
  }

  func testReshapedSharesStorageUntilWrittenTo() {
    let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    var y = x.reshaped(to: [3, 2])
    let xAddress = x.withUnsafeBufferPointer { $0.baseAddress }
    XCTAssertEqual(y.withUnsafeBufferPointer { $0.baseAddress }, xAddress, "reshape copied")
    XCTAssertEqual(
      x.expandingShape(at: 0).withUnsafeBufferPointer { $0.baseAddress }, xAddress,
      "expandingShape copied")
    y.withUnsafeMutableBufferPointer { $0[0] = 100 }
    XCTAssertEqual(y.scalars, [100, 2, 3, 4, 5, 6])
    XCTAssertEqual(x.scalars, [1, 2, 3, 4, 5, 6], "writing to the reshaped tensor changed x")
    XCTAssertNotEqual(y.withUnsafeBufferPointer { $0.baseAddress }, xAddress)
  }

  func testExpandingAndSqueezingShape() {
    let x = Tensor<Double>([1, 2, 3])
    XCTAssertEqual(x.expandingShape(at: 0).shape, [1, 3])
    XCTAssertEqual(x.expandingShape(at: 1).shape, [3, 1])
    XCTAssertEqual(x.expandingShape(at: -1).shape, [3, 1])
    XCTAssertEqual(x.expandingShape(at: -2).shape, [1, 3])
    XCTAssertEqual(Tensor<Double>(5).expandingShape(at: 0).shape, [1])
    let y = testTensor([2, 1, 3, 1])
    XCTAssertEqual(y.squeezingShape(at: 1).shape, [2, 3, 1])
    XCTAssertEqual(y.squeezingShape(at: -1).shape, [2, 1, 3])
    XCTAssertEqual(y.squeezingShape(at: 1).scalars, y.scalars)
    XCTAssertEqual(x.expandingShape(at: 1).squeezingShape(at: 1).shape, [3])
  }

  func testGradientOfReshaped() {
    let x = testTensor([2, 1, 3])
    let w = testTensor([3, 2], seed: 2)
    assertGradientIsCorrect(at: x) { x in (x.reshaped(to: [3, -1]) * w).sum() }
    let v = testTensor([5])
    let u = testTensor([1, 5, 1], seed: 3)
    assertGradientIsCorrect(at: v) { v in (v.reshaped(to: [1, 5, 1]) * u).sum() }
  }

  func testGradientOfReshapedIsTheUpstreamReshaped() {
    let x = Tensor<Double>(shape: [2, 2], scalars: [1, 2, 3, 4])
    let w = Tensor<Double>([10, 20, 30, 40])
    let g = gradient(at: x) { x in (x.reshaped(to: [4]) * w).sum() }
    XCTAssertEqual(g.shape, [2, 2])
    XCTAssertEqual(g.scalars, [10, 20, 30, 40])
  }

  func testGradientOfExpandingAndSqueezingShape() {
    let x = testTensor([4])
    let w = testTensor([4, 1], seed: 2)
    assertGradientIsCorrect(at: x) { x in (x.expandingShape(at: -1) * w).sum() }
    let y = testTensor([2, 1, 3])
    let u = testTensor([2, 3], seed: 3)
    assertGradientIsCorrect(at: y) { y in (y.squeezingShape(at: 1) * u).sum() }
  }

  func testHessianVectorProductThroughReshaped() {
    let x = testTensor([2, 3])
    let w = testTensor([3, 2], seed: 2)
    assertHessianVectorProductIsCorrect(at: x, along: testTensor([2, 3], seed: 3)) { x in
      let y = x.reshaped(to: [3, 2])
      return (y * y * y * w).sum()
    }
  }

  func testFloatReshape() {
    let x = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
    XCTAssertEqual(x.reshaped(to: [-1]).scalars, [1, 2, 3, 4])
    let g = gradient(at: x) { x in (x.reshaped(to: [4, 1]) * x.reshaped(to: [4, 1])).sum() }
    XCTAssertEqual(g.scalars, [2, 4, 6, 8])
  }

  func testPreconditionMessages() {
    let x = Tensor<Double>.zeros(shape: [2, 3])
    assertPreconditionFailure(self, containing: "[2, 3]", "6 scalars", "holds 8") {
      _ = x.reshaped(to: [2, 4])
    }
    assertPreconditionFailure(self, containing: "only one dimension can be -1") {
      _ = x.reshaped(to: [-1, -1])
    }
    assertPreconditionFailure(self, containing: "not divisible by 4") {
      _ = x.reshaped(to: [4, -1])
    }
    assertPreconditionFailure(self, containing: "dimension 1 of shape [2, 3] is 3, not 1") {
      _ = x.squeezingShape(at: 1)
    }
    assertPreconditionFailure(self, containing: "axis 3 is out of range", "-3..<3") {
      _ = x.expandingShape(at: 3)
    }
  }
}
