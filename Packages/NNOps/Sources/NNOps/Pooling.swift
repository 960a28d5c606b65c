// 2-D max and average pooling over NCHW images, without padding, with PyTorch's output sizes.
// Max pooling remembers where each maximum came from: its pullback scatters the gradient there,
// and the pullback of that scatter gathers from the same places. Average pooling is linear; its
// pullback spreads the gradient evenly, and the pullback of that is average pooling again.

import Autodiff

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
public func maxPool2d<Scalar>(_ input: Tensor<Scalar>, size: Int, stride: Int? = nil)
  -> Tensor<Scalar>
{
  let geometry = PoolingGeometry(input.shape, size: size, stride: stride, in: "maxPool2d")
  var indices = [Int](repeating: 0, count: geometry.outputCount)
  let value = Tensor<Scalar>(shape: geometry.outputShape) { output in
    input.withUnsafeBufferPointer { input in
      indices.withUnsafeMutableBufferPointer { indices in
        PoolingKernels.max(
          input.baseAddress!, into: output.baseAddress!, argmax: indices.baseAddress!, geometry)
      }
    }
  }
  return differentiableOperation(of: input, value: value) { upstream, _, _ in
    scattering(upstream, to: indices, shape: geometry.inputShape)
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
public func avgPool2d<Scalar>(_ input: Tensor<Scalar>, size: Int, stride: Int? = nil)
  -> Tensor<Scalar>
{
  averagePooling(input, PoolingGeometry(input.shape, size: size, stride: stride, in: "avgPool2d"))
}

/// The sizes of one pooling, checked once.
struct PoolingGeometry {
  let inputShape: [Int]
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
    (inputShape, self.size, self.stride) = (shape, size, stride)
    outputHeight = (shape[2] - size) / stride + 1
    outputWidth = (shape[3] - size) / stride + 1
  }

  /// The number of `h × w` planes, `n·c`.
  var planes: Int { inputShape[0] * inputShape[1] }
  var height: Int { inputShape[2] }
  var width: Int { inputShape[3] }
  var outputShape: [Int] { [inputShape[0], inputShape[1], outputHeight, outputWidth] }
  var outputCount: Int { planes * outputHeight * outputWidth }
}

/// Average pooling, recorded; its pullback is ``averagePoolingTranspose(_:_:)``.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func averagePooling<Scalar>(_ input: Tensor<Scalar>, _ geometry: PoolingGeometry) -> Tensor<Scalar>
{
  let value = Tensor<Scalar>(shape: geometry.outputShape) { output in
    input.withUnsafeBufferPointer {
      PoolingKernels.average($0.baseAddress!, into: output.baseAddress!, geometry)
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
      PoolingKernels.spread($0.baseAddress!, into: gradient.baseAddress!, geometry)
    }
  }
  return differentiableOperation(of: upstream, value: value) { u, _, _ in
    averagePooling(u, geometry)
  }
}

/// `result[indices[i]] += source[i]` into zeros of `shape`, recorded; its pullback is
/// ``gathering(_:at:shape:)`` at the same indices.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func scattering<Scalar>(_ source: Tensor<Scalar>, to indices: [Int], shape: [Int])
  -> Tensor<Scalar>
{
  let sourceShape = source.shape
  let value = Tensor<Scalar>(shape: shape) { result in
    result.initialize(repeating: 0)
    source.withUnsafeBufferPointer { source in
      for (i, index) in indices.enumerated() { result[index] += source[i] }
    }
  }
  return differentiableOperation(of: source, value: value) { upstream, _, _ in
    gathering(upstream, at: indices, shape: sourceShape)
  }
}

/// `result[i] = source[indices[i]]` shaped `shape`, recorded; its pullback is
/// ``scattering(_:to:shape:)`` at the same indices.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func gathering<Scalar>(_ source: Tensor<Scalar>, at indices: [Int], shape: [Int])
  -> Tensor<Scalar>
{
  let sourceShape = source.shape
  let value = Tensor<Scalar>(shape: shape) { result in
    source.withUnsafeBufferPointer { source in
      for (i, index) in indices.enumerated() { result[i] = source[index] }
    }
  }
  return differentiableOperation(of: source, value: value) { upstream, _, _ in
    scattering(upstream, to: indices, shape: sourceShape)
  }
}

enum PoolingKernels {
  /// Each window's maximum, and its flat index in `input` (the first maximum; NaN wins).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func max<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>,
    argmax: UnsafeMutablePointer<Int>, _ g: PoolingGeometry
  ) {
    var o = 0
    for plane in 0..<g.planes {
      let planeStart = plane * g.height * g.width
      for oy in 0..<g.outputHeight {
        for ox in 0..<g.outputWidth {
          let corner = planeStart + oy * g.stride * g.width + ox * g.stride
          var best = input[corner]
          var bestIndex = corner
          for r in 0..<g.size {
            let row = corner + r * g.width
            for t in 0..<g.size {
              let candidate = input[row + t]
              if candidate > best || (candidate.isNaN && !best.isNaN) {
                (best, bestIndex) = (candidate, row + t)
              }
            }
          }
          (output[o], argmax[o]) = (best, bestIndex)
          o += 1
        }
      }
    }
  }

  /// Each window's mean.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func average<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>, _ g: PoolingGeometry
  ) {
    let scale = 1 / Scalar(g.size * g.size)
    var o = 0
    for plane in 0..<g.planes {
      let planeStart = plane * g.height * g.width
      for oy in 0..<g.outputHeight {
        for ox in 0..<g.outputWidth {
          let corner = planeStart + oy * g.stride * g.width + ox * g.stride
          var total: Scalar = 0
          for r in 0..<g.size {
            let row = corner + r * g.width
            for t in 0..<g.size { total += input[row + t] }
          }
          output[o] = total * scale
          o += 1
        }
      }
    }
  }

  /// The adjoint of ``average(_:into:_:)``: adds `upstream[o] / size²` over window `o`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func spread<Scalar: TensorScalar>(
    _ upstream: UnsafePointer<Scalar>, into gradient: UnsafeMutablePointer<Scalar>,
    _ g: PoolingGeometry
  ) {
    gradient.initialize(repeating: 0, count: g.planes * g.height * g.width)
    let scale = 1 / Scalar(g.size * g.size)
    var o = 0
    for plane in 0..<g.planes {
      let planeStart = plane * g.height * g.width
      for oy in 0..<g.outputHeight {
        for ox in 0..<g.outputWidth {
          let corner = planeStart + oy * g.stride * g.width + ox * g.stride
          let share = upstream[o] * scale
          for r in 0..<g.size {
            let row = corner + r * g.width
            for t in 0..<g.size { gradient[row + t] += share }
          }
          o += 1
        }
      }
    }
  }
}
