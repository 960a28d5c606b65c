import XCTest
import _TestSupport

@testable import Autodiff

final class TensorTests: XCTestCase {
  func testCreation() {
    let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(x.shape, [2, 3])
    XCTAssertEqual(x.rank, 2)
    XCTAssertEqual(x.scalarCount, 6)
    XCTAssertEqual(x.scalars, [1, 2, 3, 4, 5, 6])
    XCTAssertEqual(Tensor<Float>(7).shape, [])
    XCTAssertEqual(Tensor<Float>(7).scalar, 7)
    XCTAssertEqual(Tensor<Float>([1, 2]).shape, [2])
    XCTAssertEqual(Tensor<Double>.zeros(shape: [2, 2]).scalars, [0, 0, 0, 0])
    XCTAssertEqual(Tensor<Double>.ones(shape: [3]).scalars, [1, 1, 1])
    XCTAssertEqual(Tensor<Double>(repeating: 2.5, shape: [0, 4]).scalarCount, 0)
  }

  func testCopyOnWriteKeepsValueSemantics() {
    let x = Tensor<Float>([1, 2, 3])
    var y = x
    XCTAssertEqual(x.storage.pointer, y.storage.pointer, "copies share storage until written")
    y.withUnsafeMutableBufferPointer { $0[0] = 10 }
    XCTAssertEqual(x.scalars, [1, 2, 3])
    XCTAssertEqual(y.scalars, [10, 2, 3])
    XCTAssertNotEqual(x.storage.pointer, y.storage.pointer)
  }

  func testInPlaceUpdateOfUniqueStorageDoesNotCopy() {
    var x = Tensor<Float>(repeating: 1, shape: [100])
    let before = x.storage.pointer
    x.add(Tensor(repeating: 2, shape: [100]), scaledBy: 0.5)
    x.scale(by: 2)
    XCTAssertEqual(x.storage.pointer, before)
    XCTAssertEqual(x.scalars, [Float](repeating: 4, count: 100))
  }

  func testTensorsObeyTheVectorSpaceLaws() {
    assertVectorSpaceLaws(
      testTensor([2, 3], seed: 1), testTensor([2, 3], seed: 2), testTensor([2, 3], seed: 3),
      tolerance: 1e-12)
    let f: (UInt64) -> Tensor<Float> = { seed in
      var generator = SeededRandomNumberGenerator(seed: seed)
      return Tensor.randomNormal(shape: [7], using: &generator)
    }
    assertVectorSpaceLaws(f(1), f(2), f(3))
  }

  func testModelsOfTensorsObeyTheVectorSpaceLaws() {
    struct Affine: Model {
      typealias Scalar = Double
      var weight: Tensor<Double>
      var bias: Tensor<Double>
      let name = "affine"
    }
    func affine(_ seed: UInt64) -> Affine {
      Affine(weight: testTensor([3, 2], seed: seed), bias: testTensor([3], seed: seed + 10))
    }
    assertVectorSpaceLaws(affine(1), affine(2), affine(3), tolerance: 1e-12)
  }

  func testBadShapesStopWithAMessageNamingTheShape() {
    assertPreconditionFailure(self, containing: "3 scalars given, the shape holds 4") {
      _ = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3])
    }
    assertPreconditionFailure(self, containing: "negative dimension") {
      _ = Tensor<Float>.zeros(shape: [2, -1])
    }
    assertPreconditionFailure(self, containing: "not a single element") {
      _ = Tensor<Float>([1, 2]).scalar
    }
    assertPreconditionFailure(self, containing: "do not broadcast", "[2, 3]", "[2]") {
      _ = Tensor<Float>.zeros(shape: [2, 3]) + Tensor<Float>.zeros(shape: [2])
    }
    assertPreconditionFailure(self, containing: "sum(toShape: [2])", "does not broadcast", "[3]") {
      _ = Tensor<Float>([1, 2, 3]).sum(toShape: [2])
    }
    assertPreconditionFailure(self, containing: "broadcast(toShape:)", "[3]", "[2]") {
      _ = Tensor<Float>([1, 2, 3]).broadcast(toShape: [2])
    }
  }

  func testSeededGeneratorIsReproducibleAndWellSpread() {
    var a = SeededRandomNumberGenerator(seed: 7)
    var b = SeededRandomNumberGenerator(seed: 7)
    var c = SeededRandomNumberGenerator(seed: 8)
    let first = (0..<4).map { _ in a.next() }
    XCTAssertEqual(first, (0..<4).map { _ in b.next() })
    XCTAssertNotEqual(first, (0..<4).map { _ in c.next() })
    var generator = SeededRandomNumberGenerator(seed: 1)
    let sample = Tensor<Double>.randomNormal(shape: [20_000], using: &generator).scalars
    let mean = sample.reduce(0, +) / Double(sample.count)
    let variance = sample.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(sample.count)
    XCTAssertEqual(mean, 0, accuracy: 0.03)
    XCTAssertEqual(variance, 1, accuracy: 0.05)
    let uniform = Tensor<Float>.randomUniform(
      shape: [10_000], lowerBound: -2, upperBound: 3, using: &generator
    ).scalars
    XCTAssertGreaterThanOrEqual(uniform.min()!, -2)
    XCTAssertLessThan(uniform.max()!, 3)
    XCTAssertEqual(Double(uniform.reduce(0, +)) / 10_000, 0.5, accuracy: 0.06)
  }
}
