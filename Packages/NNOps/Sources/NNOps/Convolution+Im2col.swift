// Convolution lowered to matrix multiplication (im2col). A chunk of `nb` images is unrolled into
// a `[c·kh·kw, nb·oh·ow]` matrix of patches, one column per output position, so a single GEMM with
// the `[o, c·kh·kw]` filter matrix computes the whole chunk. Both gradients reuse the same
// layout: the filter gradient is one GEMM against the patches, the input gradient one GEMM with
// the transposed filter followed by col2im, which adds every patch back where it came from.
//
// Reference: K. Chellapilla, S. Puri, P. Simard, "High Performance Convolutional Neural Networks
// for Document Processing" (2006).

import Autodiff

enum ConvolutionKernels {
  /// The most scalars a chunk's patch matrix may hold (8 MB of `Float`): large enough for big
  /// GEMMs on small images, small enough to stay out of the way on large ones.
  static let patchBudget = 1 << 21

  /// The number of images lowered together.
  static func chunkSize(_ geometry: ConvolutionGeometry, batch: Int) -> Int {
    let perImage = Swift.max(1, geometry.patchSize * geometry.outputPlane)
    return Swift.max(1, Swift.min(batch, patchBudget / perImage))
  }

  /// `output = filter ⋆ input (+ bias)`: `input [n, c, h, w]`, `filter [o, c, kh, kw]`,
  /// `output [n, o, oh, ow]`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func forward<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, filter: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
    into output: UnsafeMutablePointer<Scalar>, batch: Int, geometry g: ConvolutionGeometry
  ) {
    let (plane, patch, channels) = (g.outputPlane, g.patchSize, g.outputChannels)
    let chunk = chunkSize(g, batch: batch)
    let columns = UnsafeMutablePointer<Scalar>.allocate(capacity: patch * chunk * plane)
    let product = UnsafeMutablePointer<Scalar>.allocate(capacity: channels * chunk * plane)
    defer {
      columns.deallocate()
      product.deallocate()
    }
    for start in stride(from: 0, to: batch, by: chunk) {
      let count = Swift.min(chunk, batch - start)
      for b in 0..<count {
        lower(input + (start + b) * g.inputImageSize, into: columns + b * plane, count * plane, g)
      }
      GEMM.multiply(
        filter, transposed: false, columns, transposed: false, into: product,
        m: channels, n: count * plane, k: patch)
      // product is [o, count, plane]; the output wants [count, o, plane].
      for oc in 0..<channels {
        let shift = bias?[oc] ?? 0
        for b in 0..<count {
          let source = product + (oc * count + b) * plane
          let target = output + ((start + b) * channels + oc) * plane
          for i in 0..<plane { target[i] = source[i] + shift }
        }
      }
    }
  }

  /// The input gradient `∂input [n, c, h, w]` for the output gradient `upstream [n, o, oh, ow]`:
  /// `col2im(filterᵀ · upstream)`, a transposed convolution.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func inputGradient<Scalar: TensorScalar>(
    _ upstream: UnsafePointer<Scalar>, filter: UnsafePointer<Scalar>,
    into gradient: UnsafeMutablePointer<Scalar>, batch: Int, geometry g: ConvolutionGeometry
  ) {
    let (plane, patch, channels) = (g.outputPlane, g.patchSize, g.outputChannels)
    let chunk = chunkSize(g, batch: batch)
    let columns = UnsafeMutablePointer<Scalar>.allocate(capacity: patch * chunk * plane)
    let gathered = UnsafeMutablePointer<Scalar>.allocate(capacity: channels * chunk * plane)
    defer {
      columns.deallocate()
      gathered.deallocate()
    }
    gradient.initialize(repeating: 0, count: batch * g.inputImageSize)
    for start in stride(from: 0, to: batch, by: chunk) {
      let count = Swift.min(chunk, batch - start)
      gatherChannelsFirst(upstream + start * channels * plane, count, into: gathered, g)
      GEMM.multiply(
        filter, transposed: true, gathered, transposed: false, into: columns,
        m: patch, n: count * plane, k: channels)
      for b in 0..<count {
        raise(
          columns + b * plane, count * plane, into: gradient + (start + b) * g.inputImageSize, g)
      }
    }
  }

  /// The filter gradient `∂filter [o, c, kh, kw] = Σₙ upstreamₙ · patchesₙᵀ`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func filterGradient<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, upstream: UnsafePointer<Scalar>,
    into gradient: UnsafeMutablePointer<Scalar>, batch: Int, geometry g: ConvolutionGeometry
  ) {
    let (plane, patch, channels) = (g.outputPlane, g.patchSize, g.outputChannels)
    let chunk = chunkSize(g, batch: batch)
    let columns = UnsafeMutablePointer<Scalar>.allocate(capacity: patch * chunk * plane)
    let gathered = UnsafeMutablePointer<Scalar>.allocate(capacity: channels * chunk * plane)
    defer {
      columns.deallocate()
      gathered.deallocate()
    }
    gradient.initialize(repeating: 0, count: channels * patch)
    for start in stride(from: 0, to: batch, by: chunk) {
      let count = Swift.min(chunk, batch - start)
      for b in 0..<count {
        lower(input + (start + b) * g.inputImageSize, into: columns + b * plane, count * plane, g)
      }
      gatherChannelsFirst(upstream + start * channels * plane, count, into: gathered, g)
      GEMM.multiply(
        gathered, transposed: false, columns, transposed: true, into: gradient,
        m: channels, n: patch, k: count * plane, beta: 1)
    }
  }

  /// Copies `count` images of `[o, plane]` into `[o, count, plane]`, the GEMM's column order.
  @inline(__always)
  static func gatherChannelsFirst<Scalar: TensorScalar>(
    _ source: UnsafePointer<Scalar>, _ count: Int, into target: UnsafeMutablePointer<Scalar>,
    _ g: ConvolutionGeometry
  ) {
    let (plane, channels) = (g.outputPlane, g.outputChannels)
    for b in 0..<count {
      for oc in 0..<channels {
        (target + (oc * count + b) * plane).update(
          from: source + (b * channels + oc) * plane, count: plane)
      }
    }
  }

  /// im2col for one image `[c, h, w]`: row `(ci·kh + ki)·kw + kj` of `columns` (rows
  /// `rowStride` apart) gets `image[ci, oy·s − p + ki, ox·s − p + kj]` at column `oy·ow + ox`, or
  /// zero where that falls in the padding.
  @inline(__always)
  static func lower<Scalar: TensorScalar>(
    _ image: UnsafePointer<Scalar>, into columns: UnsafeMutablePointer<Scalar>,
    _ rowStride: Int, _ g: ConvolutionGeometry
  ) {
    let (s, ow) = (g.stride, g.outputWidth)
    var row = columns
    for ci in 0..<g.channels {
      let channel = image + ci * g.height * g.width
      for ki in 0..<g.kernelHeight {
        for kj in 0..<g.kernelWidth {
          let (first, end) = g.validColumns(kj)
          for oy in 0..<g.outputHeight {
            let target = row + oy * ow
            let iy = oy * s - g.padding + ki
            guard iy >= 0 && iy < g.height else {
              target.update(repeating: 0, count: ow)
              continue
            }
            // The image offset of column 0 (possibly negative: only first..<end are read).
            let offset = iy * g.width - g.padding + kj
            target.update(repeating: 0, count: first)
            if s == 1 {
              (target + first).update(from: channel + offset + first, count: end - first)
            } else {
              for ox in first..<end { target[ox] = channel[offset + ox * s] }
            }
            (target + end).update(repeating: 0, count: ow - end)
          }
          row += rowStride
        }
      }
    }
  }

  /// col2im for one image, the adjoint of ``lower(_:into:_:_:)``: adds each entry of `columns`
  /// to the image position it was read from, skipping padding.
  @inline(__always)
  static func raise<Scalar: TensorScalar>(
    _ columns: UnsafePointer<Scalar>, _ rowStride: Int, into image: UnsafeMutablePointer<Scalar>,
    _ g: ConvolutionGeometry
  ) {
    let (s, ow) = (g.stride, g.outputWidth)
    var row = columns
    for ci in 0..<g.channels {
      let channel = image + ci * g.height * g.width
      for ki in 0..<g.kernelHeight {
        for kj in 0..<g.kernelWidth {
          let (first, end) = g.validColumns(kj)
          for oy in 0..<g.outputHeight {
            let iy = oy * s - g.padding + ki
            guard iy >= 0 && iy < g.height else { continue }
            let source = row + oy * ow
            let offset = iy * g.width - g.padding + kj
            for ox in first..<end { channel[offset + ox * s] += source[ox] }
          }
          row += rowStride
        }
      }
    }
  }
}
