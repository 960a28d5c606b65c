import XCTest

@testable import Autodiff

/// The AVX2 loops (`WideElementwise`) against the Swift loops they stand for, bit for bit (a NaN
/// result only as a NaN: for two NaN operands, which one's payload it carries depends on the
/// operand order each compiler picks): every operator, whole and scalar operands, lengths around
/// the kernels' threshold and eight-lane blocks, and values that round, overflow, vanish or are
/// not numbers.
final class WideElementwiseTests: XCTestCase {
  /// Lengths below the threshold (Swift), at it, with and without a partial last block.
  private let counts = [1, 7, 31, 32, 33, 39, 40, 47, 257, 1000]

  /// Reproducible values, a fifth of them special.
  private func values(_ count: Int, seed: UInt64) -> [Float] {
    var generator = SeededRandomNumberGenerator(seed: seed)
    let special: [Float] = [
      0, -0.0, 1, -1, .infinity, -.infinity, .nan, -.nan, Float(nan: 5, signaling: false),
      .greatestFiniteMagnitude, .leastNonzeroMagnitude, -.leastNormalMagnitude, 3e38, 1e-38,
    ]
    return (0..<count).map { index in
      index % 5 == 4
        ? special[Int.random(in: 0..<special.count, using: &generator)]
        : Float.random(in: -4...4, using: &generator)
    }
  }

  private func assertBitwiseEqual(
    _ actual: [Float], _ expected: [Float], _ message: String, line: UInt = #line
  ) {
    XCTAssertEqual(actual.count, expected.count, message, line: line)
    for (index, (a, e)) in zip(actual, expected).enumerated()
    where a.bitPattern != e.bitPattern && !(a.isNaN && e.isNaN) {
      XCTFail("\(message): element \(index) is \(a), expected \(e)", line: line)
      return
    }
  }

  func testBinaryOperatorsMatchTheScalarLoop() {
    let operators:
      [(String, (Tensor<Float>, Tensor<Float>) -> Tensor<Float>, (Float, Float) -> Float)] = [
        ("+", { $0 + $1 }, { $0 + $1 }), ("-", { $0 - $1 }, { $0 - $1 }),
        ("*", { $0 * $1 }, { $0 * $1 }), ("/", { $0 / $1 }, { $0 / $1 }),
      ]
    for count in counts {
      let (a, b) = (values(count, seed: 1), values(count, seed: 2))
      let (x, y) = (Tensor(shape: [count], scalars: a), Tensor(shape: [count], scalars: b))
      let (s, t) = (
        Tensor<Float>(shape: [1], scalars: [a[0]]), Tensor<Float>(shape: [1], scalars: [b[0]])
      )
      for (name, tensorOp, scalarOp) in operators {
        assertBitwiseEqual(
          tensorOp(x, y).scalars, zip(a, b).map(scalarOp), "x \(name) y, \(count) elements")
        assertBitwiseEqual(
          tensorOp(x, t).scalars, a.map { scalarOp($0, b[0]) }, "x \(name) scalar, \(count)")
        assertBitwiseEqual(
          tensorOp(s, y).scalars, b.map { scalarOp(a[0], $0) }, "scalar \(name) y, \(count)")
      }
    }
  }

  func testScalingInPlaceMatchesTheScalarLoop() {
    for count in counts {
      let (a, b) = (values(count, seed: 3), values(count, seed: 4))
      for factor: Float in [2, -0.5, 1, 3e38] {
        var scaled = Tensor(shape: [count], scalars: a)
        scaled.scale(by: factor)
        assertBitwiseEqual(scaled.scalars, a.map { $0 * factor }, "scale by \(factor), \(count)")

        var product = Tensor(shape: [count], scalars: a)
        product.multiply(
          by: Tensor(shape: [count], scalars: b), scaledBy: factor, summingTo: [count])
        assertBitwiseEqual(
          product.scalars, zip(a, b).map { ($0 * $1) * factor },
          "multiply, scaled by \(factor), \(count)")
      }
    }
  }

  func testSharedBuffersAreNotWrittenInPlace() {
    let a = values(100, seed: 5)
    let original = Tensor(shape: [100], scalars: a)
    var copy = original
    copy.scale(by: 2)
    assertBitwiseEqual(original.scalars, a, "the copy's source")
    assertBitwiseEqual(copy.scalars, a.map { $0 * 2 }, "the copy")
  }
}
