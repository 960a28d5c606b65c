import Foundation
import XCTest
import _TestSupport

@testable import Optimizers

final class LaneGroupsTests: XCTestCase {
  func testSquareRootOfLanesIsTheScalarSquareRoot() {
    func check<Scalar: VectorScalar>(_: Scalar.Type) {
      let x = SIMD8<Scalar>(0, 1, 2, 0.25, 1e-30, 3e7, .infinity, 1e-8)
      let root = squareRoot(x)
      for k in 0..<8 { XCTAssertEqual(root[k], x[k].squareRoot(), "\(Scalar.self) lane \(k)") }
      XCTAssertTrue(squareRoot(SIMD8<Scalar>(repeating: -1))[3].isNaN)
    }
    check(Float.self)
    check(Double.self)
  }

  /// Every position is visited once, in full groups and in the padded last group, and written
  /// back; the padding never reaches the buffers.
  func testVisitsEveryPositionOnce() {
    for count in 0...20 {
      var a = [Double](repeating: 1, count: count)
      var b = (0..<count).map(Double.init)
      var c = [Double](repeating: 0, count: count)
      let x = (0..<count).map { Double($0) * 10 }
      a.withUnsafeMutableBufferPointer { a in
        b.withUnsafeMutableBufferPointer { b in
          c.withUnsafeMutableBufferPointer { c in
            x.withUnsafeBufferPointer { x in
              forEachLaneGroup(Accumulate(), updating: a, b, c, reading: x)
            }
          }
        }
      }
      XCTAssertEqual(a, [Double](repeating: 2, count: count), "count \(count)")
      XCTAssertEqual(b, (0..<count).map { Double($0) * 11 }, "count \(count)")
      XCTAssertEqual(c, (0..<count).map { Double($0) * 22 }, "count \(count)")
    }
  }

  /// Without a third buffer, the body sees zeros there and nothing is written.
  func testTwoBuffers() {
    var a: [Float] = Array(repeating: 3, count: 11)
    var b: [Float] = Array(repeating: 0, count: 11)
    a.withUnsafeMutableBufferPointer { a in
      b.withUnsafeMutableBufferPointer { b in
        [Float](repeating: 2, count: 11).withUnsafeBufferPointer { x in
          forEachLaneGroup(MultiplyAdd(), updating: a, b, nil, reading: x)
        }
      }
    }
    XCTAssertEqual(b, Array(repeating: 6, count: 11))
  }

  /// The rules' lane loops agree with their scalar recurrences on tensors longer than a group.
  func testRulesAgreeWithTheirRecurrencesOnLongTensors() {
    let count = 21
    let start = Tensor<Double>((0..<count).map { (i: Int) -> Double in Double(i) / 7 - 1 })
    let gradients: [Tensor<Double>] = (0..<3).map { (step: Int) in
      Tensor((0..<count).map { (i: Int) -> Double in Double((i * 5 + step * 3) % 11) / 4 - 1 })
    }
    var x = start
    let adam = Adam(stepSize: 0.1)
    var state = adam.makeState(for: x)
    for g in gradients { adam.update(&x, along: g, state: &state) }
    var m = [Double](repeating: 0, count: count)
    var v = m
    var expected = start.scalars
    for (t, g) in gradients.enumerated() {
      let step = 0.1 * (1 - pow(0.999, Double(t + 1))).squareRoot() / (1 - pow(0.9, Double(t + 1)))
      for i in 0..<count {
        m[i] = 0.9 * m[i] + 0.1 * g.scalars[i]
        v[i] = 0.999 * v[i] + 0.001 * g.scalars[i] * g.scalars[i]
        expected[i] -= step * m[i] / (v[i].squareRoot() + 1e-8)
      }
    }
    assertSameScalars(x.scalars, expected, "Adam on 21 scalars", 1e-14)

    var y = start
    let rmsProp = RMSProp(stepSize: 0.01, alpha: 0.9)
    var rmsState = rmsProp.makeState(for: y)
    for g in gradients { rmsProp.update(&y, along: g, state: &rmsState) }
    var meanSquare = [Double](repeating: 0, count: count)
    var expectedY = start.scalars
    for g in gradients {
      for i in 0..<count {
        meanSquare[i] = 0.9 * meanSquare[i] + 0.1 * g.scalars[i] * g.scalars[i]
        expectedY[i] -= 0.01 * g.scalars[i] / (meanSquare[i].squareRoot() + 1e-8)
      }
    }
    assertSameScalars(y.scalars, expectedY, "RMSProp on 21 scalars", 1e-14)
  }
}

/// `a += 1`, `b += x`, `c = 2b`.
private struct Accumulate: LaneUpdate {
  func callAsFunction(
    _ a: inout SIMD8<Double>, _ b: inout SIMD8<Double>, _ c: inout SIMD8<Double>,
    _ x: SIMD8<Double>
  ) {
    a += 1
    b += x
    c = b * 2
  }
}

/// `b = a x + c`.
private struct MultiplyAdd: LaneUpdate {
  func callAsFunction(
    _ a: inout SIMD8<Float>, _ b: inout SIMD8<Float>, _ c: inout SIMD8<Float>, _ x: SIMD8<Float>
  ) {
    b = a * x + c
  }
}
