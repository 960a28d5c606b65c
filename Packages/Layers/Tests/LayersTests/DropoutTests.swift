import Layers
import XCTest
import _TestSupport

final class DropoutTests: XCTestCase {
  /// Values in about [1, 3], none zero, so a zero in the output can only come from the mask.
  private func nonzero<Scalar: TensorScalar>(_ shape: [Int], seed: UInt64) -> Tensor<Scalar> {
    let x: Tensor<Scalar> = sample(shape, seed: seed)
    return Tensor(shape: shape, scalars: x.scalars.map { Swift.abs($0) + 1 })
  }

  private func zeroFraction<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Double {
    Double(x.scalars.filter { $0 == 0 }.count) / Double(x.scalarCount)
  }

  func testDocumentedExample() {
    let layer = Dropout<Float>(probability: 0.25)
    let x = Tensor<Float>.ones(shape: [1000])
    XCTAssertEqual(layer(x).scalars, x.scalars)
    let y = withTrainingMode(seed: 7) { layer(x) }
    XCTAssertEqual(zeroFraction(y), 0.25, accuracy: 0.05)
    XCTAssertTrue(y.scalars.allSatisfy { $0 == 0 || $0 == 1 / Float(0.75) })
  }

  private func checkInferenceIsTheIdentity<Scalar: TensorScalar>(_: Scalar.Type) {
    let x: Tensor<Scalar> = nonzero([20, 30], seed: 1)
    XCTAssertEqual(Dropout<Scalar>(probability: 0.9)(x).scalars, x.scalars)
    assertParameterless(Dropout<Scalar>(probability: 0.5))
  }

  func testInferenceIsTheIdentity() {
    checkInferenceIsTheIdentity(Float.self)
    checkInferenceIsTheIdentity(Double.self)
  }

  private func checkTrainingDrops<Scalar: TensorScalar>(_: Scalar.Type) {
    let n = 40_000
    let x: Tensor<Scalar> = nonzero([200, n / 200], seed: 2)
    for probability in [0.1, 0.5, 0.8] {
      let y = withTrainingMode(seed: 3) { Dropout<Scalar>(probability: probability)(x) }
      // Five standard deviations of the binomial fraction.
      let tolerance = 5 * (probability * (1 - probability) / Double(n)).squareRoot()
      XCTAssertEqual(zeroFraction(y), probability, accuracy: tolerance, "p = \(probability)")
      let scale = Scalar(1 / (1 - probability))
      for (input, output) in zip(x.scalars, y.scalars) where output != 0 {
        XCTAssertEqual(output, input * scale, accuracy: 1e-6 * output)
      }
    }
    let kept = withTrainingMode(seed: 3) { Dropout<Scalar>(probability: 0)(x) }
    XCTAssertEqual(kept.scalars, x.scalars)
  }

  func testTrainingDropsAFractionPAndScalesTheRest() {
    checkTrainingDrops(Float.self)
    checkTrainingDrops(Double.self)
  }

  func testASeedMakesTheMasksReproducible() {
    let layer = Dropout<Double>(probability: 0.5)
    let x: Tensor<Double> = nonzero([100], seed: 4)
    func run(seed: UInt64?) -> [[Double]] {
      withTrainingMode(seed: seed) { [layer(x).scalars, layer(x).scalars] }
    }
    let first = run(seed: 11)
    XCTAssertEqual(run(seed: 11), first)
    XCTAssertNotEqual(first[0], first[1], "each call draws a new mask")
    XCTAssertNotEqual(run(seed: 12), first)
    XCTAssertNotEqual(run(seed: nil), run(seed: nil), "without a seed, from the system")
  }

  func testTheGradientUsesTheMask() {
    let layer = Dropout<Double>(probability: 0.3)
    let x: Tensor<Double> = nonzero([50], seed: 5)
    let y = withTrainingMode(seed: 6) { layer(x) }
    let g = withTrainingMode(seed: 6) { gradient(at: x) { x in layer(x).sum() } }
    // y = mask·x / (1 − p) and ∂(Σy)/∂x = mask / (1 − p) = y / x.
    assertSameScalars(g.scalars, zip(y.scalars, x.scalars).map { $0 / $1 }, "∂Σy/∂x", 1e-12)
  }

  func testProbabilityOutOfRange() {
    assertPreconditionFailure(self, containing: "Dropout: probability must be in [0, 1), got 1.0") {
      _ = Dropout<Float>(probability: 1)
    }
    assertPreconditionFailure(self, containing: "got -0.5") {
      _ = Dropout<Double>(probability: -0.5)
    }
  }
}
