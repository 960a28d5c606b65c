import NNOps
import XCTest
import _TestSupport

final class DropoutTests: XCTestCase {
  /// Values in about [1, 3], none zero, so a zero in the output can only come from the mask.
  private func nonzeroTensor(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
    Tensor(shape: shape, scalars: testTensor(shape, seed: seed).scalars.map { Swift.abs($0) + 1 })
  }

  private func zeroFraction<Scalar>(_ x: Tensor<Scalar>) -> Double {
    Double(x.scalars.filter { $0 == 0 }.count) / Double(x.scalarCount)
  }

  func testDocumentationExample() {
    var generator = SeededRandomNumberGenerator(seed: 42)
    let y = dropout(Tensor<Float>.ones(shape: [1000]), probability: 0.25, using: &generator)
    XCTAssertEqual(zeroFraction(y), 0.25, accuracy: 0.05)
    XCTAssertTrue(y.scalars.allSatisfy { $0 == 0 || $0 == 1.3333334 })
  }

  func testTheFractionDroppedIsTheProbability() {
    let n = 100_000
    for probability in [0.05, 0.3, 0.5, 0.9] {
      var generator = SeededRandomNumberGenerator(seed: 1)
      let y = dropout(
        Tensor<Double>.ones(shape: [200, n / 200]), probability: probability, using: &generator)
      // Five standard deviations of the binomial fraction.
      let tolerance = 5 * (probability * (1 - probability) / Double(n)).squareRoot()
      XCTAssertEqual(zeroFraction(y), probability, accuracy: tolerance, "p = \(probability)")
      // Inverted dropout keeps the mean.
      XCTAssertEqual(y.mean().scalar, 1, accuracy: tolerance / (1 - probability))
    }
  }

  func testKeptElementsAreScaledAndTheOthersZeroed() {
    let x = nonzeroTensor([7, 9], seed: 2)
    var generator = SeededRandomNumberGenerator(seed: 3)
    let y = dropout(x, probability: 0.4, using: &generator)
    XCTAssertEqual(y.shape, x.shape)
    var kept = 0
    for (input, output) in zip(x.scalars, y.scalars) where output != 0 {
      XCTAssertEqual(output, input / 0.6, accuracy: 1e-15 * output)
      kept += 1
    }
    XCTAssertTrue(kept > 0 && kept < x.scalarCount, "\(kept) of \(x.scalarCount) kept")
  }

  func testTheSameSeedGivesTheSameMask() {
    let x = nonzeroTensor([50], seed: 4)
    var first = SeededRandomNumberGenerator(seed: 5)
    var second = SeededRandomNumberGenerator(seed: 5)
    let a = dropout(x, probability: 0.5, using: &first)
    XCTAssertEqual(dropout(x, probability: 0.5, using: &second).scalars, a.scalars)
    // The generator moves on: the next call draws a new mask.
    XCTAssertNotEqual(dropout(x, probability: 0.5, using: &first).scalars, a.scalars)
    var other = SeededRandomNumberGenerator(seed: 6)
    XCTAssertNotEqual(dropout(x, probability: 0.5, using: &other).scalars, a.scalars)
    // One draw per element in row-major order, whatever the scalar type.
    var floatGenerator = SeededRandomNumberGenerator(seed: 5)
    let floats = dropout(Tensor<Float>.ones(shape: [50]), probability: 0.5, using: &floatGenerator)
    XCTAssertEqual(floats.scalars.map { $0 == 0 }, a.scalars.map { $0 == 0 })
  }

  func testTheGradientIsTheMaskScaling() {
    let x = nonzeroTensor([4, 6], seed: 7)
    let weights = testTensor([4, 6], seed: 8)
    var generator = SeededRandomNumberGenerator(seed: 9)
    var output = Tensor<Double>(0)
    let g = gradient(at: x) { x in
      output = dropout(x, probability: 0.25, using: &generator)
      return (output * weights).sum()
    }
    // The same seed draws the same mask, scaled: dropout of ones.
    var replay = SeededRandomNumberGenerator(seed: 9)
    let mask = dropout(Tensor<Double>.ones(shape: [4, 6]), probability: 0.25, using: &replay)
    XCTAssertTrue(mask.scalars.contains(0) && mask.scalars.contains(1 / 0.75))
    XCTAssertEqual(output.scalars, (x * mask).scalars)
    XCTAssertEqual(g.scalars, (weights * mask).scalars)
  }

  func testGradientMatchesFiniteDifferencesForAFixedMask() {
    let x = nonzeroTensor([3, 5], seed: 10)
    let weights = testTensor([3, 5], seed: 11)
    let f = { (x: Tensor<Double>) -> Tensor<Double> in
      var generator = SeededRandomNumberGenerator(seed: 12)
      return (dropout(x, probability: 0.5, using: &generator) * x * weights).sum()
    }
    assertGradientIsCorrect(at: x, in: f)
    assertHessianVectorProductIsCorrect(at: x, along: testTensor([3, 5], seed: 13), in: f)
  }

  func testProbabilityZeroReturnsTheInputAndDrawsNothing() {
    let x = nonzeroTensor([3, 2], seed: 14)
    var generator = SeededRandomNumberGenerator(seed: 15)
    XCTAssertEqual(dropout(x, probability: 0, using: &generator).scalars, x.scalars)
    var fresh = SeededRandomNumberGenerator(seed: 15)
    XCTAssertEqual(generator.next(), fresh.next())
    XCTAssertEqual(
      gradient(at: x) { dropout($0, probability: 0, using: &generator).sum() }.scalars,
      [1, 1, 1, 1, 1, 1])
  }

  func testOddShapes() {
    var generator = SeededRandomNumberGenerator(seed: 16)
    XCTAssertEqual(
      dropout(Tensor<Double>(shape: [2, 0], scalars: []), probability: 0.5, using: &generator)
        .shape, [2, 0])
    var values = Set<Double>()
    for _ in 0..<64 {
      let y = dropout(Tensor<Double>(3), probability: 0.5, using: &generator)
      XCTAssertEqual(y.shape, [])
      values.insert(y.scalar)
    }
    XCTAssertEqual(values, [0, 6])
  }

  func testTheCallersGeneratorIsDrawnOnceWhateverTheSize() {
    struct CountingGenerator: RandomNumberGenerator {
      var base = SeededRandomNumberGenerator(seed: 17)
      var count = 0
      mutating func next() -> UInt64 {
        count += 1
        return base.next()
      }
    }
    var generator = CountingGenerator()
    _ = dropout(Tensor<Double>.ones(shape: [100, 10]), probability: 0.5, using: &generator)
    XCTAssertEqual(generator.count, 1)
    _ = dropout(Tensor<Float>.ones(shape: [3]), probability: 0.5, using: &generator)
    XCTAssertEqual(generator.count, 2)
  }

  func testWorksWithTheSystemGenerator() {
    var generator = SystemRandomNumberGenerator()
    let y = dropout(Tensor<Float>.ones(shape: [10_000]), probability: 0.5, using: &generator)
    XCTAssertEqual(zeroFraction(y), 0.5, accuracy: 0.05)
  }

  func testProbabilityOneIsAPreconditionFailure() {
    assertPreconditionFailure(self, containing: "dropout", "[0, 1)", "got 1.0") {
      var generator = SeededRandomNumberGenerator(seed: 1)
      _ = dropout(Tensor<Double>.ones(shape: [2]), probability: 1, using: &generator)
    }
  }

  func testNegativeProbabilityIsAPreconditionFailure() {
    assertPreconditionFailure(self, containing: "dropout", "[0, 1)", "got -0.1") {
      var generator = SeededRandomNumberGenerator(seed: 1)
      _ = dropout(Tensor<Double>.ones(shape: [2]), probability: -0.1, using: &generator)
    }
  }

  func testNaNProbabilityIsAPreconditionFailure() {
    assertPreconditionFailure(self, containing: "dropout", "[0, 1)", "got nan") {
      var generator = SeededRandomNumberGenerator(seed: 1)
      _ = dropout(Tensor<Double>.ones(shape: [2]), probability: .nan, using: &generator)
    }
  }
}
