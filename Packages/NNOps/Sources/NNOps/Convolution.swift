// 2-D convolution and its gradients. The convolution `y = conv(x, w)` is bilinear, and so are its
// two gradients, the transposed convolution `∂x = convᵀ(g, w)` and the filter gradient
// `∂w = corr(x, g)`. Each of the three is recorded with pullbacks written in terms of the others,
// so derivatives of any order through `conv2d` are exact.

import Autodiff
@_spi(Kernels) import Parallelism

/// A 2-D convolution of a batch of images with a bank of filters: cross-correlation with zero
/// padding, as in PyTorch's `conv2d`.
///
/// For input `x [n, c, h, w]` and filter `k [o, c, kh, kw]`, the output is
/// `[n, o, (h + 2p − kh)/s + 1, (w + 2p − kw)/s + 1]` (sizes rounded down) with
///
///     y[b, j, u, v] = bias[j] + Σ_{i, r, t} k[j, i, r, t] · x[b, i, u·s + r − p, v·s + t − p]
///
/// where `x` reads as zero outside the image.
///
/// ```swift
/// let image = Tensor<Double>(shape: [1, 1, 3, 3], scalars: [1, 2, 3, 4, 5, 6, 7, 8, 9])
/// let filter = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 0, 0, 1])
/// conv2d(image, filter: filter)   // shape [1, 1, 2, 2]: [6, 8, 12, 14]
/// ```
///
/// Pullback: the input gradient is a transposed convolution of the upstream gradient with the
/// filter, the filter gradient a correlation of the input with the upstream gradient (summed over
/// the batch), the bias gradient the sum of the upstream gradient over batch and positions. All
/// three are recorded, so second derivatives are exact. The gradient of an input that is not
/// being differentiated (the images of a first layer, say) is not computed.
///
/// - Parameters:
///   - input: Images, NCHW `[batch, channels, height, width]`.
///   - filter: Filters, OIHW `[outputChannels, channels, kernelHeight, kernelWidth]`.
///   - bias: One value per output channel, `[outputChannels]`, or `nil`.
///   - stride: The step between neighbouring windows, in both directions; at least 1.
///   - padding: Zeros added on every side of each image; at least 0.
/// - Complexity: `O(n·o·c·kh·kw·oh·ow)`, as matrix products over small chunks of images
///   (im2col, K. Chellapilla et al., 2006), the chunks spread over the cores.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func conv2d<Scalar>(
  _ input: Tensor<Scalar>, filter: Tensor<Scalar>, bias: Tensor<Scalar>? = nil, stride: Int = 1,
  padding: Int = 0
) -> Tensor<Scalar> {
  let geometry = ConvolutionGeometry(
    input: input.shape, filter: filter.shape, stride: stride, padding: padding)
  guard let bias else { return convolution(input, filter, geometry) }
  precondition(
    bias.shape == [geometry.outputChannels],
    "conv2d: bias must have shape [\(geometry.outputChannels)] (one value per output channel), "
      + "got \(bias.shape)")
  let value = convolutionValue(input, filter, bias: bias, geometry)
  // One pullback per input: the gradient of a constant input (the images of a first layer) is
  // never computed.
  return differentiableOperation(
    of: [input, filter, bias], value: value,
    pullbacks: [
      { upstream, _, inputs in convolutionInputGradient(upstream, inputs[1], geometry) },
      { upstream, _, inputs in convolutionFilterGradient(inputs[0], upstream, geometry) },
      { upstream, _, _ in convolutionBiasGradient(upstream) },
    ])
}

/// The sizes of one convolution, checked once and shared by the forward kernel and both
/// gradients.
struct ConvolutionGeometry {
  let channels: Int
  let height: Int
  let width: Int
  let outputChannels: Int
  let kernelHeight: Int
  let kernelWidth: Int
  let stride: Int
  let padding: Int
  let outputHeight: Int
  let outputWidth: Int

  init(input: [Int], filter: [Int], stride: Int, padding: Int) {
    precondition(
      input.count == 4,
      "conv2d: input must be NCHW [batch, channels, height, width] (rank 4), got shape \(input)")
    precondition(
      filter.count == 4,
      "conv2d: filter must be OIHW [outputChannels, channels, kernelHeight, kernelWidth] "
        + "(rank 4), got shape \(filter)")
    precondition(
      input[1] == filter[1],
      "conv2d: channel mismatch: the input has \(input[1]) channels but the filter expects "
        + "\(filter[1]) (input \(input), filter \(filter))")
    precondition(stride >= 1, "conv2d: stride must be at least 1, got \(stride)")
    precondition(padding >= 0, "conv2d: padding must be nonnegative, got \(padding)")
    precondition(
      filter[2] >= 1 && filter[3] >= 1, "conv2d: the kernel must be at least 1×1, got \(filter)")
    let (paddedHeight, paddedWidth) = (input[2] + 2 * padding, input[3] + 2 * padding)
    precondition(
      filter[2] <= paddedHeight && filter[3] <= paddedWidth,
      "conv2d: the \(filter[2])×\(filter[3]) kernel is larger than the padded input "
        + "(\(paddedHeight)×\(paddedWidth): \(input[2])×\(input[3]) with padding \(padding))")
    (channels, height, width) = (input[1], input[2], input[3])
    (outputChannels, kernelHeight, kernelWidth) = (filter[0], filter[2], filter[3])
    (self.stride, self.padding) = (stride, padding)
    outputHeight = (paddedHeight - kernelHeight) / stride + 1
    outputWidth = (paddedWidth - kernelWidth) / stride + 1
  }

  /// The scalars of one input image, `c·h·w`.
  var inputImageSize: Int { channels * height * width }
  /// The length of one unrolled patch, `c·kh·kw`.
  var patchSize: Int { channels * kernelHeight * kernelWidth }
  /// The positions of one output channel, `oh·ow`.
  var outputPlane: Int { outputHeight * outputWidth }

  func inputShape(batch: Int) -> [Int] { [batch, channels, height, width] }
  func outputShape(batch: Int) -> [Int] { [batch, outputChannels, outputHeight, outputWidth] }
  var filterShape: [Int] { [outputChannels, channels, kernelHeight, kernelWidth] }
}

/// The forward value, not recorded.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func convolutionValue<Scalar>(
  _ input: Tensor<Scalar>, _ filter: Tensor<Scalar>, bias: Tensor<Scalar>?,
  _ geometry: ConvolutionGeometry
) -> Tensor<Scalar> {
  let batch = input.shape[0]
  return Tensor(shape: geometry.outputShape(batch: batch)) { output in
    input.withUnsafeBufferPointer { input in
      filter.withUnsafeBufferPointer { filter in
        func run(_ bias: UnsafePointer<Scalar>?) {
          ConvolutionKernels.forward(
            input.baseAddress!, filter: filter.baseAddress!, bias: bias,
            into: output.baseAddress!, batch: batch, geometry: geometry)
        }
        if let bias { bias.withUnsafeBufferPointer { run($0.baseAddress!) } } else { run(nil) }
      }
    }
  }
}

/// `conv(x, w)` without bias, recorded.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func convolution<Scalar>(
  _ input: Tensor<Scalar>, _ filter: Tensor<Scalar>, _ geometry: ConvolutionGeometry
) -> Tensor<Scalar> {
  let value = convolutionValue(input, filter, bias: nil, geometry)
  return differentiableOperation(
    of: input, filter, value: value,
    pullbackOfFirst: { upstream, _, _, filter in
      convolutionInputGradient(upstream, filter, geometry)
    },
    pullbackOfSecond: { upstream, _, input, _ in
      convolutionFilterGradient(input, upstream, geometry)
    })
}

/// The transposed convolution `convᵀ(g, w)`, the input gradient of `conv(·, w)`: the unique
/// `[n, c, h, w]` tensor with `⟨convᵀ(g, w), u⟩ = ⟨g, conv(u, w)⟩` for all `u`. Recorded.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func convolutionInputGradient<Scalar>(
  _ upstream: Tensor<Scalar>, _ filter: Tensor<Scalar>, _ geometry: ConvolutionGeometry
) -> Tensor<Scalar> {
  let batch = upstream.shape[0]
  let value = Tensor<Scalar>(shape: geometry.inputShape(batch: batch)) { gradient in
    upstream.withUnsafeBufferPointer { upstream in
      filter.withUnsafeBufferPointer { filter in
        ConvolutionKernels.inputGradient(
          upstream.baseAddress!, filter: filter.baseAddress!, into: gradient.baseAddress!,
          batch: batch, geometry: geometry)
      }
    }
  }
  return differentiableOperation(
    of: upstream, filter, value: value,
    pullbackOfFirst: { u, _, _, filter in convolution(u, filter, geometry) },
    pullbackOfSecond: { u, _, upstream, _ in convolutionFilterGradient(u, upstream, geometry) })
}

/// The filter gradient `corr(x, g)` of `conv(x, ·)`: the unique `[o, c, kh, kw]` tensor with
/// `⟨corr(x, g), v⟩ = ⟨g, conv(x, v)⟩` for all `v`. Recorded.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func convolutionFilterGradient<Scalar>(
  _ input: Tensor<Scalar>, _ upstream: Tensor<Scalar>, _ geometry: ConvolutionGeometry
) -> Tensor<Scalar> {
  let batch = input.shape[0]
  let value = Tensor<Scalar>(shape: geometry.filterShape) { gradient in
    input.withUnsafeBufferPointer { input in
      upstream.withUnsafeBufferPointer { upstream in
        ConvolutionKernels.filterGradient(
          input.baseAddress!, upstream: upstream.baseAddress!, into: gradient.baseAddress!,
          batch: batch, geometry: geometry)
      }
    }
  }
  return differentiableOperation(
    of: input, upstream, value: value,
    pullbackOfFirst: { v, _, _, upstream in convolutionInputGradient(upstream, v, geometry) },
    pullbackOfSecond: { v, _, input, _ in convolution(input, v, geometry) })
}

/// The bias gradient: `upstream [n, o, oh, ow]` summed over all but the channel axis, `[o]`.
/// Recorded; its pullback is ``convolutionBiasBroadcast(_:shape:)``.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func convolutionBiasGradient<Scalar>(_ upstream: Tensor<Scalar>) -> Tensor<Scalar> {
  let shape = upstream.shape
  let (batch, channels, plane) = (shape[0], shape[1], shape[2] * shape[3])
  let value = Tensor<Scalar>(shape: [channels]) { sums in
    // First over the batch, position by position: independent additions, which the compiler
    // turns into vector code (a running sum per channel cannot be, without reassociating). Then
    // one sum per channel, with four running sums so that the additions do not wait on each other.
    // Large gradients are summed in parts of the channels, in parallel: each channel's sum is
    // the same, whatever the parts.
    let planes = UnsafeMutableBufferPointer<Scalar>.allocate(capacity: channels * plane)
    defer { planes.deallocate() }
    let parts = batch * channels * plane >= 1 << 16 ? Swift.min(channels, 8) : 1
    upstream.withUnsafeBufferPointer { upstream in
      let (upstream, planes) = (upstream.baseAddress!, planes.baseAddress!)
      forEachPart(of: channels, parts: parts) { _, range in
        let (start, size) = (range.lowerBound &* plane, range.count &* plane)
        let sum = planes + start
        sum.initialize(repeating: 0, count: size)
        for b in 0..<batch {
          let image = upstream + (b &* channels &* plane &+ start)
          for i in 0..<size { sum[i] += image[i] }
        }
        for oc in range {
          let row = planes + oc &* plane
          var partial: (Scalar, Scalar, Scalar, Scalar) = (0, 0, 0, 0)
          var i = 0
          while i + 4 <= plane {
            partial.0 += row[i]
            partial.1 += row[i + 1]
            partial.2 += row[i + 2]
            partial.3 += row[i + 3]
            i += 4
          }
          for j in i..<plane { partial.0 += row[j] }
          sums[oc] = (partial.0 + partial.1) + (partial.2 + partial.3)
        }
      }
    }
  }
  return differentiableOperation(of: upstream, value: value) { u, _, upstream in
    convolutionBiasBroadcast(u, shape: upstream.shape)
  }
}

/// The adjoint of ``convolutionBiasGradient(_:)``: `bias [o]` repeated over `shape`
/// `[n, o, oh, ow]`. Recorded.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func convolutionBiasBroadcast<Scalar>(_ bias: Tensor<Scalar>, shape: [Int]) -> Tensor<Scalar> {
  let (batch, channels, plane) = (shape[0], shape[1], shape[2] * shape[3])
  let value = Tensor<Scalar>(shape: shape) { output in
    bias.withUnsafeBufferPointer { bias in
      for b in 0..<batch {
        for oc in 0..<channels {
          (output.baseAddress! + (b * channels + oc) * plane).initialize(
            repeating: bias[oc], count: plane)
        }
      }
    }
  }
  return differentiableOperation(of: bias, value: value) { u, _, _ in convolutionBiasGradient(u) }
}
