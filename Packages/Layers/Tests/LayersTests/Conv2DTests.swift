import Layers
import XCTest
import _TestSupport

final class Conv2DTests: XCTestCase {
  private func layer<Scalar: TensorScalar>(
    seed: UInt64, stride: Int = 1, padding: Int = 0
  ) -> Conv2D<Scalar> {
    Conv2D(
      weight: sample([3, 2, 3, 3], seed: seed), bias: sample([3], seed: seed + 100),
      stride: stride, padding: padding)
  }

  func testDocumentedExamples() {
    let layer = Conv2D(
      weight: Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 1]), bias: Tensor([10]))
    let image = Tensor<Double>(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
    XCTAssertEqual(layer(image).scalars, [16, 18, 22, 24])

    var generator = SeededRandomNumberGenerator(seed: 0)
    let padded = Conv2D<Float>(
      inputChannels: 1, outputChannels: 6, kernelSize: 5, padding: 2, using: &generator)
    XCTAssertEqual(padded(Tensor.zeros(shape: [8, 1, 28, 28])).shape, [8, 6, 28, 28])
  }

  private func checkValues<Scalar: TensorScalar>(_: Scalar.Type) {
    let x: Tensor<Scalar> = sample([2, 2, 7, 6], seed: 1)
    for (stride, padding) in [(1, 0), (2, 1), (3, 2)] {
      let m: Conv2D<Scalar> = layer(seed: 2, stride: stride, padding: padding)
      let expected = conv2d(x, filter: m.weight, bias: m.bias, stride: stride, padding: padding)
      XCTAssertEqual(m(x).shape, expected.shape)
      XCTAssertEqual(m(x).scalars, expected.scalars, "stride \(stride), padding \(padding)")
    }
    // By hand: one output of a 1×1 convolution is a weighted sum over channels plus the bias.
    let pointwise = Conv2D<Scalar>(
      weight: Tensor(shape: [1, 2, 1, 1], scalars: [2, -1]), bias: Tensor([0.5]))
    let y = pointwise(x)
    let xs = x.scalars
    XCTAssertEqual(y.scalars[0], 2 * xs[0] - xs[42] + 0.5, accuracy: 1e-6)
  }

  func testValues() {
    checkValues(Float.self)
    checkValues(Double.self)
  }

  private func checkInitialization<Scalar: TensorScalar>(_: Scalar.Type) {
    var generator = SeededRandomNumberGenerator(seed: 4)
    let m = Conv2D<Scalar>(
      inputChannels: 6, outputChannels: 16, kernelSize: 5, stride: 2, padding: 1,
      using: &generator)
    XCTAssertEqual(m.weight.shape, [16, 6, 5, 5])
    XCTAssertEqual(m.bias.scalars, [Scalar](repeating: 0, count: 16))
    XCTAssertEqual([m.stride, m.padding], [2, 1])
    // fan_in = 6·5·5 = 150, fan_out = 16·5·5 = 400.
    let bound = Scalar((6.0 / 550).squareRoot())
    XCTAssertTrue(m.weight.scalars.allSatisfy { -bound <= $0 && $0 < bound })
    XCTAssertGreaterThan(m.weight.scalars.max()!, 0.99 * bound)
    var same = SeededRandomNumberGenerator(seed: 4)
    XCTAssertEqual(
      m.weight.scalars, Tensor<Scalar>.glorotUniform(shape: [16, 6, 5, 5], using: &same).scalars)
    let defaults = Conv2D<Scalar>(
      inputChannels: 1, outputChannels: 2, kernelSize: 3, using: &generator)
    XCTAssertEqual([defaults.stride, defaults.padding], [1, 0])
  }

  func testInitialization() {
    checkInitialization(Float.self)
    checkInitialization(Double.self)
  }

  func testVectorSpaceLaws() {
    assertVectorSpaceLaws(layer(seed: 1) as Conv2D<Float>, layer(seed: 2), layer(seed: 3))
    assertVectorSpaceLaws(
      layer(seed: 1) as Conv2D<Double>, layer(seed: 2), layer(seed: 3), tolerance: 1e-12)
    // Stride and padding are structure, carried through the algebra.
    let strided: Conv2D<Float> = layer(seed: 1, stride: 2, padding: 1)
    XCTAssertEqual(((strided + strided) / 2).stride, 2)
    XCTAssertEqual(strided.zero.padding, 1)
    XCTAssertEqual(strided.leafPaths.map(\.name), ["weight", "bias"])
  }

  func testGradientCheck() {
    let x = testTensor([2, 2, 6, 5], seed: 1)
    let m: Conv2D<Double> = layer(seed: 2, stride: 2, padding: 1)
    let r = testTensor(m(x).shape, seed: 3)
    assertGradientIsCorrect(at: m) { m in (m(x) * r).sum() }
  }

  func testPreconditions() {
    let m: Conv2D<Float> = layer(seed: 1)
    assertPreconditionFailure(
      self,
      containing: "Conv2D: expected an input of shape [batch, 2, height, width] (2 channels), "
        + "got [1, 3, 5, 5]"
    ) {
      _ = m(Tensor.zeros(shape: [1, 3, 5, 5]))
    }
    assertPreconditionFailure(self, containing: "Conv2D: stride must be at least 1, got 0") {
      _ = Conv2D<Float>(weight: .zeros(shape: [1, 1, 2, 2]), bias: .zeros(shape: [1]), stride: 0)
    }
    assertPreconditionFailure(self, containing: "Conv2D: bias must have shape [4]", "got [1]") {
      _ = Conv2D<Float>(weight: .zeros(shape: [4, 1, 2, 2]), bias: .zeros(shape: [1]))
    }
  }
}
