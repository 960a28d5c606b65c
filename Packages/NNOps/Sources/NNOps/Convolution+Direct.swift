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
// the second; 0.93 for 32×12² → 32 with 5×5 kernels. With 3×3 kernels it took 1.24 to 1.27
// times as long for 16×16² → 32 and 64×16² → 64 (fewer multiply–adds per load in the filter
// gradient, and 14-wide rows that fill two vectors only partly): those stay lowered (see
// ``ConvolutionKernels/runsDirect(_:_:)``).

import Autodiff
@_spi(Kernels) import Parallelism
import _WideKernels

extension ConvolutionKernels {
  /// The patch length `c·kh·kw` up to which a convolution with narrow kernels runs direct.
  static let directPatchSize = 64

  /// Whether ``forwardDirect(_:filter:bias:into:batch:geometry:)`` and
  /// ``filterGradientDirect(_:upstream:into:batch:geometry:)`` take this convolution: `Float`
  /// on a processor with AVX2 and FMA, stride 1, no padding, output rows of at most 32, kernels
  /// 5 to 8 wide, or narrower ones with short patches (``directPatchSize``).
  static func runsDirect<Scalar>(_: Scalar.Type, _ g: ConvolutionGeometry) -> Bool {
    Scalar.self == Float.self && g.stride == 1 && g.padding == 0 && g.outputWidth <= 32
      && g.kernelWidth <= 8 && (g.kernelWidth >= 5 || g.patchSize <= directPatchSize)
      && WideKernels.avx2FMA
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
      let lanes = UnsafeMutablePointer<Float>.allocateCacheLineAligned(capacity: 8 * size)
      defer { lanes.deallocate() }
      protograd_conv2d_filter_gradient_avx2(
        input + images.lowerBound * g.inputImageSize,
        upstream + images.lowerBound * g.outputChannels * g.outputPlane, images.count,
        g.channels, g.height, g.width, g.outputChannels, g.kernelHeight, g.kernelWidth, lanes,
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
