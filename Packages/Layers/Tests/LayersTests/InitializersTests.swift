import Layers
import XCTest
import _TestSupport

final class InitializersTests: XCTestCase {
  private func meanAndVariance<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> (Double, Double) {
    let values = x.scalars.map(Double.init)
    let mean = values.reduce(0, +) / Double(values.count)
    let variance = values.map { ($0 - mean) * ($0 - mean) }.reduce(0, +) / Double(values.count - 1)
    return (mean, variance)
  }

  private func checkGlorotUniform<Scalar: TensorScalar>(
    _: Scalar.Type, shape: [Int], fanIn: Int, fanOut: Int, line: UInt = #line
  ) {
    var generator = SeededRandomNumberGenerator(seed: 3)
    let w = Tensor<Scalar>.glorotUniform(shape: shape, using: &generator)
    XCTAssertEqual(w.shape, shape, line: line)
    let bound = (6 / Double(fanIn + fanOut)).squareRoot()
    XCTAssertTrue(w.scalars.allSatisfy { -bound <= Double($0) && Double($0) < bound }, line: line)
    // The extremes come close to the bound: the support is [-a, a), not narrower.
    XCTAssertGreaterThan(Double(w.scalars.max()!), 0.99 * bound, line: line)
    XCTAssertLessThan(Double(w.scalars.min()!), -0.99 * bound, line: line)
    let (mean, variance) = meanAndVariance(w)
    let expected = 2 / Double(fanIn + fanOut)
    // The sample variance of n uniforms has relative standard deviation √(0.8 / n).
    let n = Double(w.scalarCount)
    XCTAssertEqual(variance, expected, accuracy: 5 * (0.8 / n).squareRoot() * expected, line: line)
    XCTAssertEqual(mean, 0, accuracy: 5 * (expected / n).squareRoot(), line: line)
  }

  func testGlorotUniformBoundsAndVariance() {
    checkGlorotUniform(Float.self, shape: [300, 200], fanIn: 200, fanOut: 300)
    checkGlorotUniform(Double.self, shape: [300, 200], fanIn: 200, fanOut: 300)
    // A convolution filter: the fans include the receptive field.
    checkGlorotUniform(Float.self, shape: [16, 6, 5, 5], fanIn: 6 * 25, fanOut: 16 * 25)
    checkGlorotUniform(Double.self, shape: [16, 6, 5, 5], fanIn: 6 * 25, fanOut: 16 * 25)
  }

  func testDocumentedBound() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    let w = Tensor<Float>.glorotUniform(shape: [100, 50], using: &generator)
    XCTAssertTrue(w.scalars.allSatisfy { -0.2 <= $0 && $0 < 0.2 })
  }

  func testGlorotNormalVariance() {
    for (shape, fans) in [([100, 50], 150), ([16, 6, 5, 5], 550)] {
      var generator = SeededRandomNumberGenerator(seed: 5)
      let expected = 2 / Double(fans)
      let n = Double(shape.reduce(1, *))
      for (mean, variance) in [
        meanAndVariance(Tensor<Float>.glorotNormal(shape: shape, using: &generator)),
        meanAndVariance(Tensor<Double>.glorotNormal(shape: shape, using: &generator)),
      ] {
        // The sample variance of n normals has relative standard deviation √(2 / n).
        XCTAssertEqual(variance, expected, accuracy: 5 * (2 / n).squareRoot() * expected)
        XCTAssertEqual(mean, 0, accuracy: 5 * (expected / n).squareRoot())
      }
    }
  }

  func testTheSameSeedGivesTheSameWeights() {
    func draw(seed: UInt64) -> [Double] {
      var generator = SeededRandomNumberGenerator(seed: seed)
      return Tensor<Double>.glorotUniform(shape: [4, 3], using: &generator).scalars
        + Tensor<Double>.glorotNormal(shape: [4, 3], using: &generator).scalars
    }
    XCTAssertEqual(draw(seed: 8), draw(seed: 8))
    XCTAssertNotEqual(draw(seed: 8), draw(seed: 9))
  }

  func testShapesWithoutFans() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    assertPreconditionFailure(self, containing: "glorotUniform: expected a shape", "got [3]") {
      _ = Tensor<Float>.glorotUniform(shape: [3], using: &generator)
    }
    assertPreconditionFailure(self, containing: "glorotNormal", "got [3, 0]") {
      _ = Tensor<Double>.glorotNormal(shape: [3, 0], using: &generator)
    }
  }
}
