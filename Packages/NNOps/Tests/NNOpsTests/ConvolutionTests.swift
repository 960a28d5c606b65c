import NNOps
import XCTest
import _TestSupport

/// The sizes of one convolution under test.
private typealias Case = ConvolutionCase

/// Odd shapes: batch 1, three channels, 1×1 and non-square kernels, stride 2 and 3, padding
/// larger than the stride, a kernel larger than the unpadded image, LeNet's first layer, a
/// 5×5 kernel with a single output position; then images lowered one at a time.
private let cases = [
  Case(
    batch: 1, channels: 3, height: 5, width: 5, outputChannels: 2, kernelHeight: 3, kernelWidth: 3),
  Case(
    batch: 2, channels: 3, height: 4, width: 3, outputChannels: 4, kernelHeight: 1, kernelWidth: 1),
  Case(
    batch: 2, channels: 2, height: 6, width: 5, outputChannels: 3, kernelHeight: 3, kernelWidth: 2,
    stride: 2, padding: 1),
  Case(
    batch: 1, channels: 2, height: 3, width: 4, outputChannels: 2, kernelHeight: 3, kernelWidth: 3,
    padding: 2),
  Case(
    batch: 2, channels: 2, height: 7, width: 6, outputChannels: 2, kernelHeight: 2, kernelWidth: 3,
    stride: 3, padding: 1),
  Case(
    batch: 1, channels: 1, height: 2, width: 2, outputChannels: 2, kernelHeight: 4, kernelWidth: 3,
    padding: 1),
  Case(
    batch: 1, channels: 1, height: 8, width: 8, outputChannels: 6, kernelHeight: 5, kernelWidth: 5),
  Case(
    batch: 2, channels: 2, height: 3, width: 3, outputChannels: 2, kernelHeight: 5, kernelWidth: 5,
    padding: 1),
  // Images large enough to be lowered one at a time and used in place (2¹⁶ multiply–adds each).
  Case(
    batch: 2, channels: 2, height: 10, width: 10, outputChannels: 40, kernelHeight: 3,
    kernelWidth: 3, padding: 1),
  Case(
    batch: 2, channels: 1, height: 17, width: 17, outputChannels: 96, kernelHeight: 3,
    kernelWidth: 3, stride: 2, padding: 1),
]

final class ConvolutionTests: XCTestCase {
  func testDocumentationExample() {
    let image = Tensor<Double>(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
    let filter = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 1])
    let y = conv2d(image, filter: filter)
    XCTAssertEqual(y.shape, [1, 1, 2, 2])
    XCTAssertEqual(y.scalars, [6, 8, 12, 14])
  }

  func testHandComputedPaddingAndBias() {
    // A 2×2 box filter over [[1, 2], [3, 4]] padded by 1 sums whatever part of the image each
    // window covers.
    let image = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 4])
    let y = conv2d(
      image, filter: .ones(shape: [1, 1, 2, 2]), bias: Tensor([0.5]), padding: 1)
    XCTAssertEqual(y.shape, [1, 1, 3, 3])
    XCTAssertEqual(y.scalars, [1, 3, 2, 4, 10, 6, 3, 7, 4].map { $0 + 0.5 })
  }

  func testMatchesReferenceLoop() {
    for (i, c) in cases.enumerated() {
      let x = testTensor(c.inputShape, seed: UInt64(3 * i + 1))
      let k = testTensor(c.filterShape, seed: UInt64(3 * i + 2))
      let bias = testTensor([c.outputChannels], seed: UInt64(3 * i + 3))
      let y = conv2d(x, filter: k, bias: bias, stride: c.stride, padding: c.padding)
      let outputHeight = (c.height + 2 * c.padding - c.kernelHeight) / c.stride + 1
      let outputWidth = (c.width + 2 * c.padding - c.kernelWidth) / c.stride + 1
      XCTAssertEqual(y.shape, [c.batch, c.outputChannels, outputHeight, outputWidth], "\(c)")
      assertSameScalars(y.scalars, referenceConvolution(x, k, bias, c), "\(c)", 1e-12)
      let unbiased = conv2d(x, filter: k, stride: c.stride, padding: c.padding)
      assertSameScalars(unbiased.scalars, referenceConvolution(x, k, nil, c), "\(c)", 1e-12)
    }
  }

  func testGradientsOfInputFilterAndBias() {
    for (i, c) in cases.enumerated() {
      let point = [
        testTensor(c.inputShape, seed: UInt64(4 * i + 1)),
        testTensor(c.filterShape, seed: UInt64(4 * i + 2)),
        testTensor([c.outputChannels], seed: UInt64(4 * i + 3)),
      ]
      let y = conv2d(point[0], filter: point[1], stride: c.stride, padding: c.padding)
      let weights = testTensor(y.shape, seed: UInt64(4 * i + 4))
      assertGradientIsCorrect(at: point) { p in
        let y = conv2d(p[0], filter: p[1], bias: p[2], stride: c.stride, padding: c.padding)
        return (weights * y * y).sum()
      }
    }
  }

  func testHessianVectorProducts() {
    for (i, c) in cases.enumerated() where [0, 2, 3, 8, 9].contains(i) {
      let point = [
        testTensor(c.inputShape, seed: 1), testTensor(c.filterShape, seed: 2),
        testTensor([c.outputChannels], seed: 3),
      ]
      let direction = [
        testTensor(c.inputShape, seed: 4), testTensor(c.filterShape, seed: 5),
        testTensor([c.outputChannels], seed: 6),
      ]
      let weights = testTensor(
        conv2d(point[0], filter: point[1], stride: c.stride, padding: c.padding).shape, seed: 7)
      // Jointly in input, filter and bias: the cross terms go through every recorded gradient.
      assertHessianVectorProductIsCorrect(at: point, along: direction) { p in
        let y = conv2d(p[0], filter: p[1], bias: p[2], stride: c.stride, padding: c.padding)
        return (weights * y * y).sum()
      }
      // In the filter alone, through a nonlinearity after the convolution.
      assertHessianVectorProductIsCorrect(at: point[1], along: direction[1]) { k in
        exp(conv2d(point[0], filter: k, stride: c.stride, padding: c.padding)).sum()
      }
      // In the input alone.
      assertHessianVectorProductIsCorrect(at: point[0], along: direction[0]) { x in
        exp(conv2d(x, filter: point[1], stride: c.stride, padding: c.padding)).sum()
      }
    }
  }

  /// A large batch of small images is cut into chunks (one GEMM each) run in parallel parts;
  /// the cuts must not show: the whole batch agrees with the definition and with its two halves
  /// (cut elsewhere).
  func testLargeBatchesSplitIntoChunksAndParts() {
    // About 300 and 180 images per chunk.
    for (stride, padding, size) in [(1, 1, 6), (2, 0, 19)] {
      let c = Case(
        batch: 700, channels: 1, height: size, width: size, outputChannels: 2, kernelHeight: 3,
        kernelWidth: 3, stride: stride, padding: padding)
      let x = testTensor(c.inputShape, seed: 8)
      let k = testTensor(c.filterShape, seed: 9)
      let y = conv2d(x, filter: k, stride: stride, padding: padding)
      assertSameScalars(y.scalars, referenceConvolution(x, k, nil, c), "\(c)", 1e-12)
      let weights = testTensor(y.shape, seed: 10)
      func gradients(_ range: Range<Int>) -> (input: [Double], filter: Tensor<Double>) {
        let part = { (t: Tensor<Double>) in
          let size = t.scalarCount / t.shape[0]
          return Tensor(
            shape: [range.count] + t.shape.dropFirst(),
            scalars: Array(t.scalars[(range.lowerBound * size)..<(range.upperBound * size)]))
        }
        let (dx, dk) = gradient(at: part(x), k) { x, k in
          (conv2d(x, filter: k, stride: stride, padding: padding) * part(weights)).sum()
        }
        return (dx.scalars, dk)
      }
      let (whole, first, second) = (gradients(0..<700), gradients(0..<350), gradients(350..<700))
      assertSameScalars(whole.input, first.input + second.input, "input gradient \(c)", 1e-12)
      assertSameScalars(
        whole.filter.scalars, (first.filter + second.filter).scalars, "filter gradient \(c)",
        1e-12)
    }
  }

  /// Sizes that take the filter gradient with the output gradient laid out transposed (results
  /// over 1,024 scalars), one at a time in place (LeNet's second layer) and in chunks of the wide
  /// layout with a partial last chunk, and a bias gradient large enough to be summed in parallel
  /// parts: all three gradients agree with the definition.
  func testLargeGradientsAgreeWithTheDefinition() {
    let large = [
      Case(
        batch: 3, channels: 6, height: 12, width: 12, outputChannels: 16, kernelHeight: 5,
        kernelWidth: 5),
      Case(
        batch: 5, channels: 16, height: 4, width: 4, outputChannels: 16, kernelHeight: 3,
        kernelWidth: 3, padding: 1),
      Case(
        batch: 8, channels: 1, height: 20, width: 20, outputChannels: 40, kernelHeight: 3,
        kernelWidth: 3),
    ]
    for (i, c) in large.enumerated() {
      let x = testTensor(c.inputShape, seed: UInt64(5 * i + 1))
      let k = testTensor(c.filterShape, seed: UInt64(5 * i + 2))
      let bias = testTensor([c.outputChannels], seed: UInt64(5 * i + 3))
      let y = conv2d(x, filter: k, bias: bias, stride: c.stride, padding: c.padding)
      assertSameScalars(y.scalars, referenceConvolution(x, k, bias, c), "\(c)", 1e-12)
      let upstream = testTensor(y.shape, seed: UInt64(5 * i + 4))
      let (_, pullback) = valueWithPullback(at: [x, k, bias]) { p in
        conv2d(p[0], filter: p[1], bias: p[2], stride: c.stride, padding: c.padding)
      }
      let gradients = pullback(upstream)
      let reference = referenceGradients(x, k, upstream: upstream, c)
      assertSameScalars(gradients[0].scalars, reference.input, "input gradient \(c)", 1e-12)
      assertSameScalars(gradients[1].scalars, reference.filter, "filter gradient \(c)", 1e-12)
      assertSameScalars(gradients[2].scalars, reference.bias, "bias gradient \(c)", 1e-12)
    }
  }

  func testFloatAgreesWithDouble() {
    let c = cases[2]
    let (x, k, bias) = (
      testTensor(c.inputShape, seed: 1), testTensor(c.filterShape, seed: 2),
      testTensor([c.outputChannels], seed: 3)
    )
    func float(_ t: Tensor<Double>) -> Tensor<Float> {
      Tensor(shape: t.shape, scalars: t.scalars.map(Float.init))
    }
    let y = conv2d(float(x), filter: float(k), bias: float(bias), stride: 2, padding: 1)
    assertSameScalars(
      y.scalars.map(Double.init), referenceConvolution(x, k, bias, c), "Float", 1e-5)
    let floatGradient = gradient(at: float(k)) { k in
      conv2d(float(x), filter: k, bias: float(bias), stride: 2, padding: 1).sum()
    }
    let doubleGradient = gradient(at: k) { k in
      conv2d(x, filter: k, bias: bias, stride: 2, padding: 1).sum()
    }
    assertSameScalars(
      floatGradient.scalars.map(Double.init), doubleGradient.scalars, "Float gradient", 1e-5)
  }

  func testPreconditions() {
    let x = Tensor<Double>.zeros(shape: [1, 3, 5, 5])
    let k = Tensor<Double>.zeros(shape: [2, 3, 3, 3])
    assertPreconditionFailure(self, containing: "conv2d: input must be NCHW", "[3, 5, 5]") {
      _ = conv2d(.zeros(shape: [3, 5, 5]), filter: k)
    }
    assertPreconditionFailure(self, containing: "conv2d: filter must be OIHW", "[3, 3, 3]") {
      _ = conv2d(x, filter: .zeros(shape: [3, 3, 3]))
    }
    assertPreconditionFailure(self, containing: "channel mismatch", "3 channels", "expects 2") {
      _ = conv2d(x, filter: .zeros(shape: [2, 2, 3, 3]))
    }
    assertPreconditionFailure(self, containing: "6×3 kernel is larger than the padded input (5×5") {
      _ = conv2d(x, filter: .zeros(shape: [2, 3, 6, 3]))
    }
    assertPreconditionFailure(self, containing: "stride must be at least 1, got 0") {
      _ = conv2d(x, filter: k, stride: 0)
    }
    assertPreconditionFailure(self, containing: "padding must be nonnegative, got -1") {
      _ = conv2d(x, filter: k, padding: -1)
    }
    assertPreconditionFailure(self, containing: "bias must have shape [2]", "got [3]") {
      _ = conv2d(x, filter: k, bias: .zeros(shape: [3]))
    }
  }
}
