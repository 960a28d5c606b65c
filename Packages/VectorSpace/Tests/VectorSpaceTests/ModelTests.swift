import XCTest
import _TestSupport

@testable import VectorSpace

final class ModelTests: XCTestCase {
  func testPlainStructObeysTheLaws() {
    assertVectorSpaceLaws(Affine<Float>.sample(1), .sample(2), .sample(3))
    assertVectorSpaceLaws(Affine<Double>.sample(1), .sample(2), .sample(3), tolerance: 1e-12)
  }

  func testNestedStructsObeyTheLaws() {
    assertVectorSpaceLaws(TwoAffine<Float>.sample(1), .sample(2), .sample(3))
    assertVectorSpaceLaws(TwoAffine<Double>.sample(1), .sample(2), .sample(3), tolerance: 1e-12)
  }

  func testArraysOfModelsObeyTheLaws() {
    func ensemble<S>(_ seed: Int) -> Ensemble<S> {
      Ensemble(members: [.sample(seed), .sample(seed + 5, width: 4)], votes: 2)
    }
    assertVectorSpaceLaws(ensemble(1) as Ensemble<Float>, ensemble(2), ensemble(3))
    assertVectorSpaceLaws(
      ensemble(1) as Ensemble<Double>, ensemble(2), ensemble(3), tolerance: 1e-12)
  }

  func testTuplesObeyTheLaws() {
    assertVectorSpaceLaws(Tupled<Float>.sample(1), .sample(2), .sample(3))
    assertVectorSpaceLaws(Tupled<Double>.sample(1), .sample(2), .sample(3), tolerance: 1e-12)
  }

  func testClosuresAndHyperparametersAreStructure() {
    func model<S>(_ seed: Int) -> WithClosures<S> {
      WithClosures(
        activation: { 2 * $0 }, weights: sample(seed, count: 4), learningRate: 0.1,
        callback: {}, temperature: S(seed))
    }
    assertVectorSpaceLaws(model(1) as WithClosures<Float>, model(2), model(3))
    assertVectorSpaceLaws(model(1) as WithClosures<Double>, model(2), model(3), tolerance: 1e-12)
    let sum: WithClosures<Double> = model(1) + 3 * model(2)
    XCTAssertEqual(sum.activation(5), 10, "a `let` closure is carried into results unchanged")
    XCTAssertEqual(sum.learningRate, 0.1)
    XCTAssertEqual(sum.scalarCount, 5, "only `var` vectors are parameters")
  }

  func testDeepStructuresObeyTheLaws() {
    func deep<S>(_ seed: Int) -> Deep<S> {
      Deep(
        grid: [sample(seed, count: 2), sample(seed + 1, count: 3)],
        blocks: [.sample(seed), .sample(seed + 4)], tail: .sample(seed + 7))
    }
    assertVectorSpaceLaws(deep(1) as Deep<Float>, deep(2), deep(3))
    assertVectorSpaceLaws(deep(1) as Deep<Double>, deep(2), deep(3), tolerance: 1e-12)
  }

  func testHandWrittenConformanceObeysTheLaws() {
    assertVectorSpaceLaws(
      Polynomial(coefficients: [1, 2, 3]), Polynomial(coefficients: [-1, 0.5, 4]),
      Polynomial(coefficients: [0, 2, -2]), tolerance: 1e-12)
  }

  func testScalarsAndArraysObeyTheLaws() {
    assertVectorSpaceLaws(Float(1.5), Float(-2), Float(0.25))
    assertVectorSpaceLaws(Double(1.5), Double(-2), Double(0.25), tolerance: 1e-12)
    assertVectorSpaceLaws([1.0, 2, 3] as [Double], [0.5, -1, 2], [3, 3, -3], tolerance: 1e-12)
    assertVectorSpaceLaws([[1.0], [2, 3]] as [[Float]], [[0.5], [-1, 2]], [[3], [3, -3]])
  }

  func testAlgebraMatchesHandComputation() {
    let m = Affine<Double>(weights: [1, 2], bias: 3)
    let sum = m + 2 * m
    XCTAssertEqual(sum, Affine(weights: [3, 6], bias: 9))
    XCTAssertEqual(dot(m, m), 14)
    XCTAssertEqual(m.scalarCount, 3)
    XCTAssertEqual(m.zero, Affine(weights: [0, 0], bias: 0))
    XCTAssertEqual(m / 2, Affine(weights: [0.5, 1], bias: 1.5))
    XCTAssertEqual(-m, Affine(weights: [-1, -2], bias: -3))
    XCTAssertEqual(m.flattened(), [1, 2, 3])
    XCTAssertEqual(m.norm, 14.0.squareRoot())
  }

  func testLeafNamesAreParameterPaths() {
    XCTAssertEqual(
      TwoAffine<Float>.sample(1).leafPaths.map(\.name),
      ["first.weights", "first.bias", "second.weights", "second.bias"])
    XCTAssertEqual(
      Tupled<Float>.sample(1).leafPaths.map(\.name),
      [
        "pair.0.weights", "pair.0.bias", "pair.1", "labeled.gain", "labeled.offset",
        "nested.0.0", "nested.0.1", "nested.1.weights", "nested.1.bias",
      ])
    let ensemble = Ensemble<Double>(members: [.sample(1), .sample(2)], votes: 1)
    XCTAssertEqual(
      ensemble.leafPaths.map(\.name),
      ["members.0.weights", "members.0.bias", "members.1.weights", "members.1.bias"])
  }

  func testInPlaceUpdateDoesNotCopyUniquelyHeldStorage() {
    var m = Affine<Float>(weights: [Float](repeating: 1, count: 1000), bias: 0)
    let before = m.weights.withUnsafeBufferPointer { $0.baseAddress }
    m.add(m.zero, scaledBy: 2)
    m.scale(by: 3)
    m += m.zero
    XCTAssertEqual(m.weights.withUnsafeBufferPointer { $0.baseAddress }, before)
  }

  func testInPlaceUpdateLeavesCopiesUnchanged() {
    var m = Affine<Double>(weights: [1, 2], bias: 3)
    let copy = m
    m.add(m, scaledBy: 1)
    XCTAssertEqual(
      copy, Affine(weights: [1, 2], bias: 3), "value semantics: the copy is untouched")
    XCTAssertEqual(m, Affine(weights: [2, 4], bias: 6))
  }
}
