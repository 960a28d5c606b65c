import VectorSpace
import XCTest

/// Checks the vector-space axioms and the consistency of every derived operation on sample
/// vectors `x`, `y`, `z` (of one structure) and scalars `a`, `b`; reports each violated law as a
/// test failure at the caller's line.
///
/// Equalities are compared scalar by scalar on ``VectorSpace/flattened()`` with a relative
/// `tolerance` (rounding differs between, say, `(x + y) + z` and `x + (y + z)`).
///
/// - Laws: identity (`x + 0 = x`, `1·x = x`), inverse (`x + (−x) = 0`, `x − y = x + (−1)·y`),
///   commutativity, associativity, both distributivities, compatibility of scaling, dot symmetry,
///   bilinearity and positivity; in-place forms agree with their pure forms; flattening, indexing
///   and `replacingScalars` agree with each other and with `dot` and `scalarCount`.
public func assertVectorSpaceLaws<V: VectorSpace>(
  _ x: V, _ y: V, _ z: V, a: V.Scalar = 0.75, b: V.Scalar = -1.5,
  tolerance: V.Scalar = 1e-5, file: StaticString = #filePath, line: UInt = #line
) {
  func same(_ lhs: V, _ rhs: V, _ law: String) {
    assertSameScalars(lhs.flattened(), rhs.flattened(), law, tolerance, file: file, line: line)
  }
  func close(_ lhs: V.Scalar, _ rhs: V.Scalar, _ law: String) {
    assertSameScalars([lhs], [rhs], law, tolerance, file: file, line: line)
  }
  XCTAssertGreaterThan(x.scalarCount, 0, "sample vectors must not be empty", file: file, line: line)
  XCTAssertEqual(
    x.flattened().count, x.scalarCount, "flattened().count == scalarCount", file: file, line: line)

  same(x + x.zero, x, "identity: x + 0 = x")
  same(1 * x, x, "identity: 1·x = x")
  XCTAssertEqual(
    x.zero.flattened(), [V.Scalar](repeating: 0, count: x.scalarCount), "zero is all zeros",
    file: file, line: line)
  same(x + (-x), x.zero, "inverse: x + (−x) = 0")
  same(x - y, x + (-1) * y, "inverse: x − y = x + (−1)·y")
  same(x + y, y + x, "commutativity: x + y = y + x")
  same((x + y) + z, x + (y + z), "associativity: (x + y) + z = x + (y + z)")
  same(a * (x + y), a * x + a * y, "distributivity: a·(x + y) = a·x + a·y")
  same((a + b) * x, a * x + b * x, "distributivity: (a + b)·x = a·x + b·x")
  same(a * (b * x), (a * b) * x, "compatibility: a·(b·x) = (ab)·x")
  same(x * a, a * x, "x·a = a·x")
  same(x / a, (1 / a) * x, "x / a = (1/a)·x")

  close(dot(x, y), dot(y, x), "dot symmetry")
  close(dot(a * x + y, z), a * dot(x, z) + dot(y, z), "dot bilinearity")
  XCTAssertGreaterThanOrEqual(dot(x, x), 0, "dot positivity", file: file, line: line)
  close(x.dot(y), dot(x, y), "method and free dot agree")
  let flatDot = zip(x.flattened(), y.flattened()).reduce(V.Scalar(0)) { $0 + $1.0 * $1.1 }
  close(dot(x, y), flatDot, "dot equals the dot of the flattened vectors")
  close(x.squaredNorm, dot(x, x), "squaredNorm = ⟨x, x⟩")

  var axpy = x
  axpy.add(y, scaledBy: a)
  same(axpy, x + a * y, "add(_:scaledBy:) = x + a·y")
  same(x.adding(y, scaledBy: a), x + a * y, "adding(_:scaledBy:) = x + a·y")
  var scaled = x
  scaled.scale(by: a)
  same(scaled, a * x, "scale(by:) = a·x")
  same(x.scaled(by: a), a * x, "scaled(by:) = a·x")
  var compound = x
  compound += y
  same(compound, x + y, "+=")
  compound -= z
  same(compound, x + y - z, "-=")
  compound *= a
  same(compound, a * (x + y - z), "*=")
  compound /= a
  same(compound, x + y - z, "/=")

  same(x.replacingScalars(with: y.flattened()), y, "replacingScalars(with: y.flattened()) = y")
  let flat = x.flattened()
  var indexed = x
  for i in flat.indices {
    XCTAssertEqual(x[flatIndex: i], flat[i], "x[flatIndex: \(i)]", file: file, line: line)
    indexed[flatIndex: i] = 2 * flat[i]
  }
  same(indexed, 2 * x, "writing through flatIndex")
  same([x, y, z].sum()!, x + y + z, "sum of a sequence")
  same([x, y, z].mean()!, (x + y + z) / 3, "mean of a sequence")
}

/// Asserts that two scalar arrays agree elementwise within a relative `tolerance`.
public func assertSameScalars<Scalar: BinaryFloatingPoint>(
  _ lhs: [Scalar], _ rhs: [Scalar], _ message: String, _ tolerance: Scalar,
  file: StaticString = #filePath, line: UInt = #line
) {
  guard lhs.count == rhs.count else {
    XCTFail("\(message): \(lhs.count) scalars vs \(rhs.count)", file: file, line: line)
    return
  }
  for (i, (l, r)) in zip(lhs, rhs).enumerated() {
    let scale = max(1, abs(l), abs(r))
    if !(abs(l - r) <= tolerance * scale) {
      XCTFail("\(message): scalar \(i) differs: \(l) vs \(r)", file: file, line: line)
      return
    }
  }
}
