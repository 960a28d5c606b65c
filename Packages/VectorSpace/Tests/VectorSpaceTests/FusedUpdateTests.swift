import XCTest
import _TestSupport

@testable import VectorSpace

final class FusedUpdateTests: XCTestCase {
  func testDocumentationExamples() {
    var v: [Double] = [1, 4, 9]
    updateLeaves(&v) { v in for i in v.indices { v[i] = v[i].squareRoot() } }
    XCTAssertEqual(v, [1, 2, 3])

    var parameters: [Double] = [1, 2]
    updateLeaves(&parameters, reading: [10, 20]) { p, g in
      for i in p.indices { p[i] -= 0.1 * g[i] }
    }
    XCTAssertEqual(parameters, [0, 0])

    parameters = [1, 1]
    var velocity: [Double] = [0, 0]
    updateLeaves(&parameters, &velocity, reading: [1, 2]) { p, v, g in
      for i in p.indices {
        v[i] = 0.5 * v[i] - 0.1 * g[i]
        p[i] += v[i]
      }
    }
    XCTAssertEqual(parameters, [0.9, 0.8])
    XCTAssertEqual(velocity, [-0.1, -0.2])

    var sum: [Double] = [0, 0]
    updateLeaves(&sum, reading: [1, 2], [10, 20]) { s, a, b in
      for i in s.indices { s[i] = a[i] + b[i] }
    }
    XCTAssertEqual(sum, [11, 22])

    var (a, b): ([Double], [Double]) = ([1, 2], [3, 4])
    updateLeaves(&a, &b) { a, b in for i in a.indices { (a[i], b[i]) = (b[i], a[i]) } }
    XCTAssertEqual(a, [3, 4])
    XCTAssertEqual(b, [1, 2])
  }

  /// Models without arrays have one structure for every value; arrays of models do not.
  func testStructureIsFixedForPlainModelsAndDenseVectors() {
    let affine = Affine<Double>.sample(1)
    XCTAssertTrue(Affine<Double>.hasFixedLeafStructure(affine.leafPaths))
    XCTAssertTrue(Tupled<Float>.hasFixedLeafStructure(Tupled<Float>.sample(1).leafPaths))
    XCTAssertTrue([Double].hasFixedLeafStructure([1.0, 2].leafPaths))
    let ensemble = Ensemble<Double>(members: [.sample(1)], votes: 1)
    XCTAssertFalse(Ensemble<Double>.hasFixedLeafStructure(ensemble.leafPaths))
    XCTAssertFalse([Affine<Double>].hasFixedLeafStructure([affine].leafPaths))
    let polynomial = Polynomial(coefficients: [1, 2])
    XCTAssertFalse(Polynomial.hasFixedLeafStructure(polynomial.leafPaths), "not a Model")
  }

  /// Every arity agrees with the same update written with the vector-space operators.
  func testEveryArityMatchesTheAlgebra() {
    func check<S: VectorScalar>(_: S.Type) {
      func deep(_ seed: Int) -> Deep<S> {
        Deep(
          grid: [sample(seed, count: 2), sample(seed + 1, count: 3)],
          blocks: [.sample(seed), .sample(seed + 4)], tail: .sample(seed + 7))
      }
      checkEveryArity(deep)
      // Leaves all of one type and stored inline: updated by offsets.
      checkEveryArity(Uniform<S>.sample)
    }
  }

  private func checkEveryArity<V: VectorSpace>(_ make: (Int) -> V) {
    do {
      let x = make(1)
      let y = make(2)
      let z = make(3)
      let u = make(4)
      let w = make(5)
      var a = x
      var b = y
      var c = z
      func same(_ lhs: V, _ rhs: V, _ message: String) {
        assertSameScalars(lhs.flattened(), rhs.flattened(), message, 1e-5)
      }
      updateLeaves(&a) { a in for i in a.indices { a[i] *= 2 } }
      same(a, 2 * x, "one target")
      a = x
      updateLeaves(&a, reading: u) { a, u in for i in a.indices { a[i] += u[i] } }
      same(a, x + u, "one target, one source")
      a = x
      updateLeaves(&a, reading: u, w) { a, u, w in for i in a.indices { a[i] += u[i] - w[i] } }
      same(a, x + u - w, "one target, two sources")
      a = x
      updateLeaves(&a, &b) { a, b in
        for i in a.indices { (a[i], b[i]) = (b[i], a[i] + b[i]) }
      }
      same(a, y, "two targets: first")
      same(b, x + y, "two targets: second")
      (a, b) = (x, y)
      updateLeaves(&a, &b, reading: u) { a, b, u in
        for i in a.indices {
          b[i] += u[i]
          a[i] -= b[i]
        }
      }
      same(b, y + u, "two targets, one source: second")
      same(a, x - (y + u), "two targets, one source: first")
      (a, b) = (x, y)
      updateLeaves(&a, &b, reading: u, w) { a, b, u, w in
        for i in a.indices {
          a[i] += u[i]
          b[i] += w[i]
        }
      }
      same(a, x + u, "two targets, two sources: first")
      same(b, y + w, "two targets, two sources: second")
      (a, b) = (x, y)
      updateLeaves(&a, &b, &c) { a, b, c in
        for i in a.indices { c[i] = a[i] + b[i] + c[i] }
      }
      same(c, x + y + z, "three targets")
      (a, b, c) = (x, y, z)
      updateLeaves(&a, &b, &c, reading: u) { a, b, c, u in
        for i in a.indices {
          b[i] = 0.5 * b[i] + u[i]
          c[i] = c[i] + u[i] * u[i]
          a[i] -= b[i]
        }
      }
      same(b, 0.5 * y + u, "three targets, one source: second")
      same(a, x - (0.5 * y + u), "three targets, one source: first")
      let squares = u.flattened().map { $0 * $0 }
      same(c, z + z.replacingScalars(with: squares), "three targets, one source: third")
      (a, b, c) = (x, y, z)
      updateLeaves(&a, &b, &c, reading: u, w) { a, b, c, u, w in
        for i in a.indices {
          a[i] += u[i]
          b[i] += w[i]
          c[i] += u[i] - w[i]
        }
      }
      same(a, x + u, "three targets, two sources: first")
      same(b, y + w, "three targets, two sources: second")
      same(c, z + u - w, "three targets, two sources: third")
    }
  }

  func testBodyIsCalledOncePerLeafWithEachLeafsScalars() {
    var m = TwoAffine<Double>.sample(1)
    var counts: [Int] = []
    updateLeaves(&m, reading: .sample(2)) { a, x in
      XCTAssertEqual(a.count, x.count)
      counts.append(a.count)
    }
    XCTAssertEqual(counts, [3, 1, 2, 1], "leaves in canonical order: weights, bias, weights, bias")
  }

  func testUniquelyHeldTargetsAreUpdatedInPlace() {
    var a = Affine<Float>(weights: [Float](repeating: 1, count: 1000), bias: 0)
    var b = a.zero
    let before = (
      a.weights.withUnsafeBufferPointer { $0.baseAddress },
      b.weights.withUnsafeBufferPointer { $0.baseAddress }
    )
    let snapshot = a
    updateLeaves(&a, &b, reading: snapshot) { a, b, x in
      for i in a.indices {
        b[i] += x[i]
        a[i] += b[i]
      }
    }
    XCTAssertEqual(b.weights.withUnsafeBufferPointer { $0.baseAddress }, before.1)
    XCTAssertEqual(a.weights[0], 2)
    // The source shared `a`'s storage, so `a` was copied once and the source read unchanged.
    XCTAssertNotEqual(a.weights.withUnsafeBufferPointer { $0.baseAddress }, before.0)
    updateLeaves(&a, &b) { a, b in for i in a.indices { a[i] += b[i] } }
    let after = a.weights.withUnsafeBufferPointer { $0.baseAddress }
    updateLeaves(&a, &b) { a, b in for i in a.indices { a[i] += b[i] } }
    XCTAssertEqual(a.weights.withUnsafeBufferPointer { $0.baseAddress }, after)
    XCTAssertEqual(a.weights[0], 4)
  }

  func testCopiesOfTargetsAreUnchanged() {
    var a = Affine<Double>(weights: [1, 2], bias: 3)
    let copy = a
    updateLeaves(&a) { a in for i in a.indices { a[i] = 0 } }
    XCTAssertEqual(copy, Affine(weights: [1, 2], bias: 3))
    XCTAssertEqual(a, Affine(weights: [0, 0], bias: 0))
  }

  func testDifferentLeafCountsStopWithTheReason() {
    assertPreconditionFailure(self, containing: "first source has 4 leaves", "first target has 2") {
      var a = Ensemble<Double>(members: [.sample(1)], votes: 1)
      let b = Ensemble<Double>(members: [.sample(1), .sample(2)], votes: 1)
      updateLeaves(&a, reading: b) { _, _ in }
    }
  }

  func testDifferentLeafSizesStopWithTheReason() {
    assertPreconditionFailure(
      self, containing: "leaf weights has 3 scalars in the first target and 2 in the second target"
    ) {
      var a = Affine<Double>.sample(1)
      var b = Affine<Double>.sample(1, width: 2)
      updateLeaves(&a, &b) { _, _ in }
    }
  }
}
