import XCTest
import _TestSupport

@testable import NNOps

/// `Float` convolutions with short patches, which run in the direct AVX2 kernels
/// (`ConvolutionKernels.runsDirect`): the output, and the filter, bias and input gradients
/// through the public API, against the definition in `Double`.
final class ConvolutionDirectTests: XCTestCase {
  override func setUpWithError() throws {
    try XCTSkipUnless(WideKernels.avx2FMA, "this processor has no AVX2 and FMA")
  }

  /// Output rows of one to four vectors, whole or with a partial last vector (3, 5, 6, 8, 9,
  /// 17, 24, 29 and 32 positions), odd and even numbers of them, kernels 5 to 8 wide, output
  /// channels that leave every remainder of the kernels' blocks of channels (6, 5, 3 and 2 at a
  /// time for one to four vectors; two at a time in the filter gradient up to 5 wide, one
  /// beyond), groups of images split unevenly, batches split into one to eight parts, the
  /// longest patch that runs direct, and LeNet's two layers.
  func testEveryRowWidthKernelWidthAndChannelRemainderMatchesTheDefinition() {
    // (batch, channels, height, width, output channels, kernel height, kernel width)
    let sizes = [
      (3, 1, 6, 12, 17, 2, 8), (1, 2, 6, 7, 9, 3, 5), (2, 1, 9, 12, 7, 1, 5),
      (9, 2, 5, 16, 6, 4, 8), (2, 3, 7, 23, 11, 3, 7), (20, 1, 28, 28, 6, 5, 5),
      (2, 1, 10, 34, 5, 6, 6), (4, 2, 8, 37, 4, 2, 6), (7, 6, 12, 12, 16, 5, 5),
      (2, 4, 11, 10, 13, 6, 5), (45, 1, 9, 9, 3, 5, 5), (2, 32, 12, 12, 8, 5, 5),
    ]
    let cases = sizes.map { n, c, h, w, o, kh, kw in
      ConvolutionCase(
        batch: n, channels: c, height: h, width: w, outputChannels: o, kernelHeight: kh,
        kernelWidth: kw)
    }
    for (i, c) in cases.enumerated() {
      let geometry = ConvolutionGeometry(
        input: c.inputShape, filter: c.filterShape, stride: 1, padding: 0)
      XCTAssertTrue(ConvolutionKernels.runsDirect(Float.self, geometry), "\(c)")
      assertFloatConvolutionMatchesTheDefinition(c, seed: UInt64(10 * i))
    }
  }

  /// LeNet's two layers run direct; kernels under 5 or over 8 wide, longer patches or larger
  /// filters than measured, padded or strided convolutions, rows over 32 positions and `Double`
  /// do not.
  func testWhichConvolutionsRunDirect() {
    func runsDirect<Scalar>(
      _: Scalar.Type, _ input: [Int], _ filter: [Int], stride: Int = 1, padding: Int = 0
    ) -> Bool {
      ConvolutionKernels.runsDirect(
        Scalar.self,
        ConvolutionGeometry(input: input, filter: filter, stride: stride, padding: padding))
    }
    XCTAssertTrue(runsDirect(Float.self, [128, 1, 28, 28], [6, 1, 5, 5]))
    XCTAssertTrue(runsDirect(Float.self, [128, 6, 12, 12], [16, 6, 5, 5]))
    XCTAssertTrue(runsDirect(Float.self, [8, 32, 12, 12], [32, 32, 5, 5]))
    XCTAssertFalse(runsDirect(Double.self, [128, 1, 28, 28], [6, 1, 5, 5]))
    XCTAssertFalse(runsDirect(Float.self, [8, 3, 32, 32], [16, 3, 3, 3]))
    XCTAssertFalse(runsDirect(Float.self, [8, 16, 30, 30], [32, 16, 1, 1]))
    XCTAssertFalse(runsDirect(Float.self, [8, 32, 12, 12], [64, 32, 5, 5]))
    XCTAssertFalse(runsDirect(Float.self, [1, 256, 20, 20], [256, 256, 5, 5]))
    XCTAssertFalse(runsDirect(Float.self, [1, 1, 28, 28], [6, 1, 5, 5], padding: 2))
    XCTAssertFalse(runsDirect(Float.self, [1, 1, 28, 28], [6, 1, 5, 5], stride: 2))
    XCTAssertFalse(runsDirect(Float.self, [1, 1, 8, 37], [6, 1, 5, 5]))
    XCTAssertFalse(runsDirect(Float.self, [1, 1, 12, 20], [2, 1, 3, 9]))
  }

  /// Results do not depend on the thread count: the batch is split into the same parts.
  func testOneThreadGivesTheSameBits() {
    let c = ConvolutionCase(
      batch: 13, channels: 1, height: 12, width: 12, outputChannels: 6, kernelHeight: 5,
      kernelWidth: 5)
    let x = float(testTensor(c.inputShape, seed: 1))
    let k = float(testTensor(c.filterShape, seed: 2))
    let upstream = float(testTensor([13, 6, 8, 8], seed: 3))
    func run() -> [Float] {
      let (y, pullback) = valueWithPullback(at: k) { k in conv2d(x, filter: k) }
      return y.scalars + pullback(upstream).scalars
    }
    let threaded = run()
    let count = KernelThreads.count
    KernelThreads.setCount(1)
    defer { KernelThreads.setCount(count) }
    XCTAssertEqual(run(), threaded)
  }

  private func float(_ t: Tensor<Double>) -> Tensor<Float> {
    Tensor(shape: t.shape, scalars: t.scalars.map(Float.init))
  }

  private func assertFloatConvolutionMatchesTheDefinition(
    _ c: ConvolutionCase, seed: UInt64, file: StaticString = #filePath, line: UInt = #line
  ) {
    let x = testTensor(c.inputShape, seed: seed + 1)
    let k = testTensor(c.filterShape, seed: seed + 2)
    let bias = testTensor([c.outputChannels], seed: seed + 3)
    let (y, pullback) = valueWithPullback(at: [float(x), float(k), float(bias)]) { p in
      conv2d(p[0], filter: p[1], bias: p[2])
    }
    assertSameScalars(
      y.scalars.map(Double.init), referenceConvolution(x, k, bias, c), "output \(c)", 1e-5,
      file: file, line: line)
    let upstream = testTensor(y.shape, seed: seed + 4)
    let gradients = pullback(float(upstream))
    let reference = referenceGradients(x, k, upstream: upstream, c)
    for (index, (name, expected)) in [
      ("input", reference.input), ("filter", reference.filter), ("bias", reference.bias),
    ].enumerated() {
      assertSameScalars(
        gradients[index].scalars.map(Double.init), expected, "\(name) gradient \(c)", 1e-4,
        file: file, line: line)
    }
  }
}
