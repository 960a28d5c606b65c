import XCTest
import _TestSupport

@testable import VectorSpace

final class InlineLeafLayoutTests: XCTestCase {
  func testLeavesOfOneTypeStoredInlineHaveALayout() throws {
    let m = Uniform<Float>.sample(1)
    let layout = try XCTUnwrap(m.inlineLeafLayout)
    XCTAssertTrue(layout.leafType == [Float].self)
    XCTAssertEqual(layout.offsets.count, m.leafPaths.count)
    // Each offset reaches the leaf its path names, in canonical order.
    var copy = m
    let leaves = withUnsafeBytes(of: &copy) { bytes in
      layout.offsets.map { bytes.load(fromByteOffset: $0, as: [Float].self) }
    }
    XCTAssertEqual(leaves, [m.weights, m.pair.0, m.pair.1, m.inner.bias])
  }

  func testMixedOrInstanceDependentLeavesHaveNone() {
    XCTAssertNil(Affine<Float>.sample(1).inlineLeafLayout, "an array and a scalar")
    XCTAssertNil(Ensemble<Float>(members: [.sample(1)], votes: 1).inlineLeafLayout)
    XCTAssertNil(
      Polynomial(coefficients: [1]).inlineLeafLayout, "hand-written leaves may vary per instance")
  }

  func testDenseVectorsAreTheirOwnLeaf() throws {
    let layout = try XCTUnwrap([Double](repeating: 1, count: 3).inlineLeafLayout)
    XCTAssertEqual(layout.offsets, [0])
  }

  func testAlgebraByOffsetsObeysTheLaws() {
    assertVectorSpaceLaws(Uniform<Float>.sample(1), .sample(2), .sample(3))
    assertVectorSpaceLaws(Uniform<Double>.sample(1), .sample(2), .sample(3), tolerance: 1e-12)
  }

  func testAlgebraByOffsetsMatchesTheScalars() {
    let (a, b) = (Uniform<Double>.sample(1), Uniform<Double>.sample(2))
    let (x, y) = (a.flattened(), b.flattened())
    XCTAssertEqual(a.adding(b, scaledBy: 3).flattened(), zip(x, y).map { $0 + 3 * $1 })
    XCTAssertEqual(a.scaled(by: -2).flattened(), x.map { -2 * $0 })
    XCTAssertEqual(a.zero.flattened(), x.map { _ in 0 })
    XCTAssertEqual(a.dot(b), zip(x, y).map(*).reduce(0, +), accuracy: 1e-12)
    XCTAssertEqual(a.scalarCount, 10)
    var c = a
    c.add(b, scaledBy: 0.5)
    XCTAssertEqual(c.flattened(), zip(x, y).map { $0 + 0.5 * $1 })
    c.scale(by: 2)
    XCTAssertEqual(c.flattened(), zip(x, y).map { 2 * ($0 + 0.5 * $1) })
    XCTAssertEqual(a.flattened(), x, "value semantics: the operands are untouched")
  }

  func testInPlaceUpdateByOffsetsDoesNotCopyUniquelyHeldStorage() {
    var m = Uniform<Float>.sample(1)
    let before = m.inner.bias.withUnsafeBufferPointer { $0.baseAddress }
    m.add(m.zero, scaledBy: 2)
    m.scale(by: 3)
    updateLeaves(&m) { $0.update(repeating: 1) }
    XCTAssertEqual(m.inner.bias.withUnsafeBufferPointer { $0.baseAddress }, before)
    XCTAssertEqual(m.flattened(), [Float](repeating: 1, count: 10))
  }

  func testAddingItselfByOffsets() {
    var m = Uniform<Double>.sample(1)
    let copy = m
    m.add(m, scaledBy: 1)
    XCTAssertEqual(m.flattened(), copy.flattened().map { 2 * $0 })
  }
}
