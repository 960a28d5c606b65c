// 2-D max and average pooling over NCHW images, without padding, with PyTorch's output sizes.
// Max pooling remembers where each maximum came from: its pullback scatters the gradient there,
// and the pullback of that scatter gathers from the same places. Average pooling is linear; its
// pullback spreads the gradient evenly, and the pullback of that is average pooling again.

import Autodiff
@_spi(Kernels) import Parallelism

/// The maximum of each `size × size` window of each channel of a batch of images (PyTorch's
/// `max_pool2d` without padding).
///
/// For input `[n, c, h, w]` the output is `[n, c, (h − size)/stride + 1, (w − size)/stride + 1]`
/// (sizes rounded down: windows that would run past the edge are dropped) with
/// `y[b, i, u, v] = max_{r, t < size} x[b, i, u·stride + r, v·stride + t]`.
///
/// ```swift
/// let x = Tensor<Double>(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 7])
/// maxPool2d(x, size: 2)   // shape [1, 1, 1, 2]: [5, 8]
/// ```
///
/// Pullback: each window's gradient goes to its maximum (the first one, in row-major order,
/// when several are equal). NaN propagates: a window holding NaN has maximum NaN.
///
/// - Parameters:
///   - input: Images, NCHW `[batch, channels, height, width]`.
///   - size: The side of each window; at most the height and the width.
///   - stride: The step between windows; `size` (no overlap) when `nil`.
/// - Complexity: `O(n·c·oh·ow·size²)`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func maxPool2d<Scalar>(_ input: Tensor<Scalar>, size: Int, stride: Int? = nil)
  -> Tensor<Scalar>
{
  let geometry = PoolingGeometry(input.shape, size: size, stride: stride, in: "maxPool2d")
  precondition(
    geometry.height * geometry.width <= Int(Int32.max),
    "maxPool2d: images of \(geometry.height)×\(geometry.width) have more than 2³¹ − 1 scalars "
      + "per channel, the most whose argmax it records")
  var indices: [Int32] = []
  let value = Tensor<Scalar>(shape: geometry.outputShape) { output in
    input.withUnsafeBufferPointer { input in
      // Every offset is written by the kernel.
      indices = Array(unsafeUninitializedCapacity: geometry.outputCount) { indices, written in
        let (input, output, argmax) = (
          input.baseAddress!, output.baseAddress!, indices.baseAddress!
        )
        forEachPart(of: geometry.planes, parts: geometry.parts) { _, planes in
          PoolingKernels.max(input, into: output, argmax: argmax, geometry, planes: planes)
        }
        written = geometry.outputCount
      }
    }
  }
  return differentiableOperation(of: input, value: value) { upstream, _, _ in
    scattering(upstream, to: indices, shape: geometry.inputShape, blocks: geometry.planes)
  }
}

/// The mean of each `size × size` window of each channel of a batch of images (PyTorch's
/// `avg_pool2d` without padding).
///
/// Output sizes as in ``maxPool2d(_:size:stride:)``, with
/// `y[b, i, u, v] = (1/size²) · Σ_{r, t < size} x[b, i, u·stride + r, v·stride + t]`.
///
/// ```swift
/// let x = Tensor<Double>(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 7])
/// avgPool2d(x, size: 2)   // shape [1, 1, 1, 2]: [3.25, 4.25]
/// ```
///
/// Pullback: each window's gradient, divided by `size²`, is added to every input in the window.
///
/// - Parameters:
///   - input: Images, NCHW `[batch, channels, height, width]`.
///   - size: The side of each window; at most the height and the width.
///   - stride: The step between windows; `size` (no overlap) when `nil`.
/// - Complexity: `O(n·c·oh·ow·size²)`.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
public func avgPool2d<Scalar>(_ input: Tensor<Scalar>, size: Int, stride: Int? = nil)
  -> Tensor<Scalar>
{
  averagePooling(input, PoolingGeometry(input.shape, size: size, stride: stride, in: "avgPool2d"))
}

/// The sizes of one pooling, checked once.
struct PoolingGeometry {
  let batch: Int
  let channels: Int
  let height: Int
  let width: Int
  let size: Int
  let stride: Int
  let outputHeight: Int
  let outputWidth: Int

  init(_ shape: [Int], size: Int, stride: Int?, in function: String) {
    let stride = stride ?? size
    precondition(
      shape.count == 4,
      "\(function): input must be NCHW [batch, channels, height, width] (rank 4), got shape "
        + "\(shape)")
    precondition(size >= 1, "\(function): size must be at least 1, got \(size)")
    precondition(stride >= 1, "\(function): stride must be at least 1, got \(stride)")
    precondition(
      size <= shape[2] && size <= shape[3],
      "\(function): the \(size)×\(size) window is larger than the \(shape[2])×\(shape[3]) input")
    (batch, channels, height, width) = (shape[0], shape[1], shape[2], shape[3])
    (self.size, self.stride) = (size, stride)
    outputHeight = (height - size) / stride + 1
    outputWidth = (width - size) / stride + 1
  }

  /// The number of `h × w` planes, `n·c`.
  var planes: Int { batch * channels }
  var inputShape: [Int] { [batch, channels, height, width] }
  var outputShape: [Int] { [batch, channels, outputHeight, outputWidth] }
  var outputCount: Int { planes * outputHeight * outputWidth }
  /// Parts of the planes pooled in parallel: several once there is enough work to share.
  var parts: Int { outputCount * size * size < 1 << 16 ? 1 : Swift.min(planes, 8) }
}

/// Average pooling, recorded; its pullback is ``averagePoolingTranspose(_:_:)``.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func averagePooling<Scalar>(_ input: Tensor<Scalar>, _ geometry: PoolingGeometry) -> Tensor<Scalar>
{
  let value = Tensor<Scalar>(shape: geometry.outputShape) { output in
    input.withUnsafeBufferPointer {
      let (input, output) = ($0.baseAddress!, output.baseAddress!)
      forEachPart(of: geometry.planes, parts: geometry.parts) { _, planes in
        PoolingKernels.average(input, into: output, geometry, planes: planes)
      }
    }
  }
  return differentiableOperation(of: input, value: value) { upstream, _, _ in
    averagePoolingTranspose(upstream, geometry)
  }
}

/// The adjoint of average pooling: spreads each output gradient evenly over its window. Recorded;
/// its pullback is average pooling.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func averagePoolingTranspose<Scalar>(_ upstream: Tensor<Scalar>, _ geometry: PoolingGeometry)
  -> Tensor<Scalar>
{
  let value = Tensor<Scalar>(shape: geometry.inputShape) { gradient in
    upstream.withUnsafeBufferPointer {
      let (upstream, gradient) = ($0.baseAddress!, gradient.baseAddress!)
      forEachPart(of: geometry.planes, parts: geometry.parts) { _, planes in
        PoolingKernels.spread(upstream, into: gradient, geometry, planes: planes)
      }
    }
  }
  return differentiableOperation(of: upstream, value: value) { u, _, _ in
    averagePooling(u, geometry)
  }
}

// The kernels work on a range of planes (those of one parallel part), one output row at a time.
enum PoolingKernels {
  /// Each window's maximum, and its offset in its plane of `input` (the first maximum; NaN
  /// wins).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func max<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>,
    argmax: UnsafeMutablePointer<Int32>, _ g: PoolingGeometry, planes: Range<Int>
  ) {
    let (w, s, size, ow, oh) = (g.width, g.stride, g.size, g.outputWidth, g.outputHeight)
    for outputRow in (planes.lowerBound &* oh)..<(planes.upperBound &* oh) {
      let (plane, oy) = outputRow.quotientAndRemainder(dividingBy: oh)
      let (image, top) = (input + plane &* g.height &* w, oy &* s &* w)
      let (values, offsets) = (output + outputRow &* ow, argmax + outputRow &* ow)
      var sawNaN: UInt8 = 0
      if size == 2 && s == 2 {
        // The common case, as a knock-out over the window with a constant stride, without
        // branches. Ties go to the earlier element.
        var ox = 0
        if Scalar.self == Float.self {
          ox = maxOfFourWindowsAtATime(
            UnsafeRawPointer(image), top: top, width: w, count: ow,
            into: UnsafeMutableRawPointer(values), offsets: offsets, sawNaN: &sawNaN)
        }
        for ox in ox..<ow {
          let i = top &+ 2 &* ox
          let (a, b, c, d) = (image[i], image[i &+ 1], image[i &+ w], image[i &+ w &+ 1])
          let (top, topIndex) = b > a ? (b, i &+ 1) : (a, i)
          let (bottom, bottomIndex) = d > c ? (d, i &+ w &+ 1) : (c, i &+ w)
          let (value, index) = bottom > top ? (bottom, bottomIndex) : (top, topIndex)
          (values[ox], offsets[ox]) = (value, Int32(truncatingIfNeeded: index))
          sawNaN |= unsafeBitCast(a.isNaN || b.isNaN || c.isNaN || d.isNaN, to: UInt8.self)
        }
      } else {
        for r in 0..<size {
          for t in 0..<size {
            let corner = top &+ r &* w &+ t
            if r == 0 && t == 0 {
              for ox in 0..<ow {
                let index = corner &+ ox &* s
                (values[ox], offsets[ox]) = (image[index], Int32(truncatingIfNeeded: index))
                sawNaN |= unsafeBitCast(image[index].isNaN, to: UInt8.self)
              }
              continue
            }
            // Arithmetic rather than branches: on data, each comparison is a coin toss.
            for ox in 0..<ow {
              let index = Int32(truncatingIfNeeded: corner &+ ox &* s)
              let (candidate, current) = (image[Int(index)], values[ox])
              let wins = unsafeBitCast(candidate > current, to: UInt8.self)
              sawNaN |= unsafeBitCast(candidate.isNaN, to: UInt8.self)
              offsets[ox] ^= (offsets[ox] ^ index) & (0 &- Int32(wins))
              values[ox] = candidate > current ? candidate : current
            }
          }
        }
      }
      // A NaN never wins a comparison: if the row's windows held one, find them again.
      guard sawNaN != 0 else { continue }
      for ox in 0..<ow {
        if let nan = firstNaN(image, top &+ ox &* s, g) {
          (values[ox], offsets[ox]) = (nan.value, Int32(truncatingIfNeeded: nan.offset))
        }
      }
    }
  }

  /// 2×2 windows with stride 2 over one output row of a `Float` image, four at a time in vector
  /// registers (the two image rows' even and odd columns): maxima into `values`, their offsets
  /// in the image into `offsets`. Returns how many windows it did (a multiple of four); the
  /// caller does the rest. The compiler does not turn the one-window loop (selects of values and
  /// of indices) into vector code for the baseline x86-64 target. With the NaN recheck once per
  /// row instead of per window, pooling fell from 11.4% to 5.3% of a one-thread profile of the
  /// LeNet step.
  @inline(__always)
  static func maxOfFourWindowsAtATime(
    _ image: UnsafeRawPointer, top: Int, width w: Int, count: Int,
    into values: UnsafeMutableRawPointer, offsets: UnsafeMutablePointer<Int32>,
    sawNaN: inout UInt8
  ) -> Int {
    let stride = MemoryLayout<Float>.stride
    let lanes = SIMD4<Int32>(0, 2, 4, 6)
    let (below, belowRight) = (SIMD4<Int32>(repeating: Int32(w)), Int32(w &+ 1))
    var nan = SIMDMask<SIMD4<Int32>>()
    var ox = 0
    while ox &+ 4 <= count {
      let i = top &+ 2 &* ox
      let upper = image.loadUnaligned(fromByteOffset: i &* stride, as: SIMD8<Float>.self)
      let lower = image.loadUnaligned(fromByteOffset: (i &+ w) &* stride, as: SIMD8<Float>.self)
      let (a, b, c, d) = (upper.evenHalf, upper.oddHalf, lower.evenHalf, lower.oddHalf)
      let (rightAbove, rightBelow) = (b .> a, d .> c)
      let above = a.replacing(with: b, where: rightAbove)
      let belowMaximum = c.replacing(with: d, where: rightBelow)
      let belowWins = belowMaximum .> above
      values.storeBytes(
        of: above.replacing(with: belowMaximum, where: belowWins), toByteOffset: ox &* stride,
        as: SIMD4<Float>.self)
      let aboveOffset = SIMD4<Int32>(repeating: 0).replacing(with: 1, where: rightAbove)
      let belowOffset = below.replacing(with: belowRight, where: rightBelow)
      let offset = aboveOffset.replacing(with: belowOffset, where: belowWins)
      UnsafeMutableRawPointer(offsets + ox).storeBytes(
        of: SIMD4<Int32>(repeating: Int32(truncatingIfNeeded: i)) &+ lanes &+ offset,
        as: SIMD4<Int32>.self)
      nan .|= (a .!= a) .| (b .!= b) .| (c .!= c) .| (d .!= d)
      ox &+= 4
    }
    sawNaN |= unsafeBitCast(any(nan), to: UInt8.self)
    return ox
  }

  /// The first NaN of the window at `corner`, and its offset, if it holds one.
  static func firstNaN<Scalar: TensorScalar>(
    _ image: UnsafePointer<Scalar>, _ corner: Int, _ g: PoolingGeometry
  ) -> (value: Scalar, offset: Int)? {
    for r in 0..<g.size {
      for t in 0..<g.size where image[corner + r * g.width + t].isNaN {
        return (image[corner + r * g.width + t], corner + r * g.width + t)
      }
    }
    return nil
  }

  /// Each window's mean.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func average<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>, _ g: PoolingGeometry,
    planes: Range<Int>
  ) {
    let (w, s, size, ow, oh) = (g.width, g.stride, g.size, g.outputWidth, g.outputHeight)
    let scale = 1 / Scalar(size * size)
    for outputRow in (planes.lowerBound &* oh)..<(planes.upperBound &* oh) {
      let (plane, oy) = outputRow.quotientAndRemainder(dividingBy: oh)
      let top = (plane &* g.height &+ oy &* s) &* w
      let values = output + outputRow &* ow
      if size == 2 && s == 2 {
        // The common case with a constant stride, which the compiler vectorizes.
        for ox in 0..<ow {
          let i = top &+ 2 &* ox
          values[ox] = (input[i] + input[i &+ 1] + input[i &+ w] + input[i &+ w &+ 1]) * scale
        }
        continue
      }
      for ox in 0..<ow { values[ox] = 0 }
      for r in 0..<size {
        for t in 0..<size {
          let window = input + (top &+ r &* w &+ t)
          for ox in 0..<ow { values[ox] += window[ox &* s] }
        }
      }
      for ox in 0..<ow { values[ox] *= scale }
    }
  }

  /// The adjoint of ``average(_:into:_:planes:)``: adds `upstream[o] / size²` over window `o`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func spread<Scalar: TensorScalar>(
    _ upstream: UnsafePointer<Scalar>, into gradient: UnsafeMutablePointer<Scalar>,
    _ g: PoolingGeometry, planes: Range<Int>
  ) {
    let (w, s, size, ow, oh) = (g.width, g.stride, g.size, g.outputWidth, g.outputHeight)
    let scale = 1 / Scalar(size * size)
    (gradient + planes.lowerBound * g.height * w).initialize(
      repeating: 0, count: planes.count * g.height * w)
    for outputRow in (planes.lowerBound &* oh)..<(planes.upperBound &* oh) {
      let (plane, oy) = outputRow.quotientAndRemainder(dividingBy: oh)
      let top = (plane &* g.height &+ oy &* s) &* w
      let shares = upstream + outputRow &* ow
      for r in 0..<size {
        for t in 0..<size {
          let window = gradient + (top &+ r &* w &+ t)
          for ox in 0..<ow { window[ox &* s] += shares[ox] * scale }
        }
      }
    }
  }
}
