// Direct convolution for first layers: the AVX2 kernels of `_WideKernels/conv_direct_avx2.c`
// compute each output row from the input rows it covers, with no patch matrix in between.
//
// im2col turns a layer with few input channels into a product with few rows (LeNet's first
// layer: 6×26 filters against 26×576 patches per image), which OpenBLAS runs far below its peak,
// after copying each image 25 times into the patch matrix. The direct kernels read each image in
// place: on one core of a Zen 4, 64 of LeNet's first-layer images take 124 µs forward (89
// GFLOP/s) and 135 µs for the filter gradient (82 GFLOP/s), and the layer's forward and backward
// pass (`conv_1x28_to_6_5x5_b128_fwd_bwd`, whose input gradient stays lowered) 0.78 of the time
// it took lowered. With many input channels the patch matrix is tall and the product efficient:
// LeNet's second layer (150-long patches) took 1.25 times as long direct, hence
// ``ConvolutionKernels/directPatchSize``.

import Autodiff
@_spi(Kernels) import Parallelism
import _WideKernels

extension ConvolutionKernels {
  /// The patch length `c·kh·kw` up to which a convolution runs direct rather than lowered.
  static let directPatchSize = 64

  /// Whether ``forwardDirect(_:filter:bias:into:batch:geometry:)`` and
  /// ``filterGradientDirect(_:upstream:into:batch:geometry:)`` take this convolution: `Float`
  /// on a processor with AVX2 and FMA, stride 1, no padding, output rows of at most 32 and
  /// kernels at most 8 wide, and short patches (``directPatchSize``).
  static func runsDirect<Scalar>(_: Scalar.Type, _ g: ConvolutionGeometry) -> Bool {
    Scalar.self == Float.self && g.stride == 1 && g.padding == 0 && g.outputWidth <= 32
      && g.kernelWidth <= 8 && g.patchSize <= directPatchSize && WideKernels.avx2FMA
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
    let input = UnsafeRawPointer(input).assumingMemoryBound(to: Float.self)
    let upstream = UnsafeRawPointer(upstream).assumingMemoryBound(to: Float.self)
    forEachPart(of: batch, parts: parts) { part, images in
      protograd_conv2d_filter_gradient_avx2(
        input + images.lowerBound * g.inputImageSize,
        upstream + images.lowerBound * g.outputChannels * g.outputPlane, images.count,
        g.channels, g.height, g.width, g.outputChannels, g.kernelHeight, g.kernelWidth,
        sums + part * size)
    }
    let gradient = UnsafeMutableRawPointer(gradient).assumingMemoryBound(to: Float.self)
    for index in 0..<size {
      var total: Float = 0
      for part in 0..<parts { total += sums[part * size + index] }
      gradient[index] = total
    }
  }
}
