// Direct convolution for first layers: the AVX2 kernels of `_WideKernels/conv_direct_avx2.c`
// compute each output row from the input rows it covers, with no patch matrix in between.
//
// im2col turns a layer with few input channels into a product with few rows (LeNet's first
// layer: 6×26 filters against 26×576 patches per image), which OpenBLAS runs far below its peak,
// after copying each image 25 times into the patch matrix. The direct kernels read each image in
// place. On one core of a Zen 4, 64 images take (C, one call each):
//
// | layer                       | forward            | filter gradient    |
// |-----------------------------|--------------------|--------------------|
// | LeNet's first, 1×28² → 6    | 122 µs, 90 GFLOP/s | 135 µs, 82 GFLOP/s |
// | LeNet's second, 6×12² → 16  | 209 µs, 94 GFLOP/s | 268 µs, 73 GFLOP/s |
//
// and a layer's whole forward and backward pass (the input gradient stays lowered), alternately
// with the lowered build on one core, takes 0.70 of the time for the first layer and 0.83 for
// the second; 0.93 for 32×12² → 32 with 5×5 kernels. Where they lose (GFLOP/s direct against
// lowered, forward and filter gradient, 8 images on one core, C against OpenBLAS): 3×3 kernels on
// 16 and 64 channels (the whole pass 1.24–1.27 times as long), 1×1 kernels (64×32² → 64: 33
// and 28 against 70 and 68; 16×30² → 32: 66 and 29 against 105 and 107), 2×2 (32×16² → 64:
// gradient 51 against 72) and many channels even at 5×5 (256×20² → 256: 61–65 and 56–63 against
// 84–91): narrow kernels do too few multiply–adds per load in the filter gradient. Hence
// ``ConvolutionKernels/runsDirect(_:_:)``: kernels 5 to 8 wide, patches and filters up to the
// sizes measured.

import Autodiff
@_spi(Kernels) import Parallelism
import _WideKernels

extension ConvolutionKernels {
  /// The longest patch `c·kh·kw` that runs direct: 32 channels of 5×5 (800) ran faster direct,
  /// 256 channels (6,400) slower.
  static let directPatchSize = 800

  /// The most filter scalars `o·c·kh·kw` that run direct (32 filters of 800 measured): the
  /// filter gradient's scratch holds eight lanes of each, per part of the batch.
  static let directFilterSize = 1 << 15

  /// Whether ``forwardDirect(_:filter:bias:into:batch:geometry:)`` and
  /// ``filterGradientDirect(_:upstream:into:batch:geometry:)`` take this convolution: `Float`
  /// on a processor with AVX2 and FMA, stride 1, no padding, output rows of at most 32, kernels
  /// 5 to 8 wide, and patches and filters up to ``directPatchSize`` and ``directFilterSize``.
  static func runsDirect<Scalar>(_: Scalar.Type, _ g: ConvolutionGeometry) -> Bool {
    Scalar.self == Float.self && g.stride == 1 && g.padding == 0 && g.outputWidth <= 32
      && (5...8).contains(g.kernelWidth) && g.patchSize <= directPatchSize
      && g.outputChannels * g.patchSize <= directFilterSize && WideKernels.avx2FMA
  }

  /// The batch in parts, each a range of images: the same parts whatever the thread count, so
  /// that the filter gradient's per-part sums, added in order, come out the same on every run.
  private static func directParts(batch: Int) -> Int { Swift.max(1, Swift.min(batch, 8)) }

  /// ``forward(_:filter:bias:into:batch:geometry:)`` in the direct kernel, for a convolution
  /// that ``runsDirect(_:_:)`` accepts.
  static func forwardDirect<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, filter: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
    into output: UnsafeMutablePointer<Scalar>, batch: Int, geometry g: ConvolutionGeometry
  ) {
    // The kernel broadcasts the weights of one tap for several output channels at once:
    // `[c, kh, kw, o]`, the output channel last.
    let packed = UnsafeMutablePointer<Float>.allocateCacheLineAligned(
      capacity: g.patchSize * g.outputChannels)
    defer { packed.deallocate() }
    let filter = UnsafeRawPointer(filter).assumingMemoryBound(to: Float.self)
    for oc in 0..<g.outputChannels {
      for tap in 0..<g.patchSize {
        packed[tap * g.outputChannels + oc] = filter[oc * g.patchSize + tap]
      }
    }
    let input = UnsafeRawPointer(input).assumingMemoryBound(to: Float.self)
    let output = UnsafeMutableRawPointer(output).assumingMemoryBound(to: Float.self)
    let bias = bias.map { UnsafeRawPointer($0).assumingMemoryBound(to: Float.self) }
    forEachPart(of: batch, parts: directParts(batch: batch)) { _, images in
      protograd_conv2d_forward_avx2(
        input + images.lowerBound * g.inputImageSize, images.count, g.channels, g.height,
        g.width, packed, g.outputChannels, g.kernelHeight, g.kernelWidth, bias,
        output + images.lowerBound * g.outputChannels * g.outputPlane)
    }
  }

  /// ``filterGradient(_:upstream:into:batch:geometry:)`` in the direct kernel, for a
  /// convolution that ``runsDirect(_:_:)`` accepts.
  static func filterGradientDirect<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, upstream: UnsafePointer<Scalar>,
    into gradient: UnsafeMutablePointer<Scalar>, batch: Int, geometry g: ConvolutionGeometry
  ) {
    let size = g.outputChannels * g.patchSize
    let parts = directParts(batch: batch)
    let sums = UnsafeMutablePointer<Float>.allocateCacheLineAligned(capacity: parts * size)
    defer { sums.deallocate() }
    sums.initialize(repeating: 0, count: parts * size)
    // The kernel's scratch: eight lanes of each filter scalar, per part.
    let lanes = UnsafeMutablePointer<Float>.allocateCacheLineAligned(capacity: parts * 8 * size)
    defer { lanes.deallocate() }
    let input = UnsafeRawPointer(input).assumingMemoryBound(to: Float.self)
    let upstream = UnsafeRawPointer(upstream).assumingMemoryBound(to: Float.self)
    forEachPart(of: batch, parts: parts) { part, images in
      protograd_conv2d_filter_gradient_avx2(
        input + images.lowerBound * g.inputImageSize,
        upstream + images.lowerBound * g.outputChannels * g.outputPlane, images.count,
        g.channels, g.height, g.width, g.outputChannels, g.kernelHeight, g.kernelWidth,
        lanes + part * 8 * size, sums + part * size)
    }
    let gradient = UnsafeMutableRawPointer(gradient).assumingMemoryBound(to: Float.self)
    for index in 0..<size {
      gradient[index] = sumOverParts(sums, parts: parts, size: size, at: index)
    }
  }
}
