// Checks shared by the layer tests.

import Layers
import XCTest
import _TestSupport

/// `testTensor(shape, seed:)` in any scalar type: deterministic values in about [-1, 1].
func sample<Scalar: TensorScalar>(_ shape: [Int], seed: UInt64) -> Tensor<Scalar> {
  Tensor(shape: shape, scalars: testTensor(shape, seed: seed).scalars.map { Scalar($0) })
}

/// ProtoGrad.jl's "Basic operations" test of a model `m`: every operation of the algebra returns
/// the model's type and acts on its flattened parameters as on a plain vector.
func assertBasicOperations<M: VectorSpace>(
  _ m: M, file: StaticString = #filePath, line: UInt = #line
) where M.Scalar: TensorScalar {
  let v = m.flattened()
  func check(_ result: M, _ expected: [M.Scalar], _ operation: String) {
    assertSameScalars(result.flattened(), expected, operation, 1e-6, file: file, line: line)
  }
  check(m + m, v.map { 2 * $0 }, "m + m")
  var result = m
  result += m
  check(result, v.map { 2 * $0 }, "m += m")
  check(m - m, v.map { _ in 0 }, "m - m")
  result = m
  result -= m
  check(result, v.map { _ in 0 }, "m -= m")
  check(2 * m, v.map { 2 * $0 }, "2 * m")
  result = m
  result *= 2
  check(result, v.map { 2 * $0 }, "m *= 2")
  check(m / 3, v.map { $0 / 3 }, "m / 3")
  result = m
  result /= 3
  check(result, v.map { $0 / 3 }, "m /= 3")

  // ProtoGrad.jl's `m .+ 1`.
  let plusOne = m.replacingScalars(with: v.map { $0 + 1 })
  let expectedDot = zip(v, v.map { $0 + 1 }).reduce(0) { $0 + $1.0 * $1.1 }
  assertSameScalars([dot(m, plusOne)], [expectedDot], "dot(m, m + 1)", 1e-5, file: file, line: line)

  var copy = m
  copy[flatIndex: 0] += 1
  XCTAssertEqual(m.flattened(), v, "a copy is independent", file: file, line: line)
  check(m.zero, v.map { _ in 0 }, "zero")
  check([1, 2, 3].map { M.Scalar($0) * m }.sum()!, v.map { 6 * $0 }, "sum of k·m")
  check([1, 2, 4].map { M.Scalar($0) * m }.mean()!, v.map { 7 * $0 / 3 }, "mean of k·m")
  XCTAssertEqual(m.scalarCount, v.count, "scalarCount", file: file, line: line)

  let last = v.count - 2
  XCTAssertEqual(m[flatIndex: last], v[last], file: file, line: line)
  var written = m
  written[flatIndex: last] = 42
  XCTAssertEqual(written.flattened()[last], 42, "writing through flatIndex", file: file, line: line)
}

/// Checks that `layer` is a model with no parameters whose algebra still works.
func assertParameterless<L: Layer>(_ layer: L, file: StaticString = #filePath, line: UInt = #line) {
  XCTAssertTrue(layer.leafPaths.isEmpty, "no leaves", file: file, line: line)
  XCTAssertEqual(layer.scalarCount, 0, file: file, line: line)
  XCTAssertEqual((2 * layer + layer.zero - layer / 3).flattened(), [], file: file, line: line)
  XCTAssertEqual(dot(layer, layer), 0, file: file, line: line)
}
