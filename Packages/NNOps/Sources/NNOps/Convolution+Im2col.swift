// Convolution lowered to matrix multiplication (im2col). One image at a time (or a few small
// ones) is unrolled into a patch matrix with `c·kh·kw` rows and one column per output position,
// so one GEMM with the `[o, c·kh·kw]` filter matrix computes its outputs. The filter gradient is
// one GEMM of the patches against the output gradient; the input gradient one GEMM with the
// transposed filter, followed by col2im, which adds every patch back where it came from.
//
// Such GEMMs are too small to pay for OpenBLAS's threads (see `KernelThreads.swift`), so the batch
// is spread over cores instead: in parts run in parallel, each with its own scratch memory (as
// PyTorch's CPU convolution does), and their GEMMs run on the part's thread. The parts depend only
// on the shapes, so results are the same from run to run, whatever the thread count. (A single
// image whose GEMM is large enough for OpenBLAS's threads makes one part, and its products follow
// `GEMM`'s thread policy.)
//
// Reference: K. Chellapilla, S. Puri, P. Simard, "High Performance Convolutional Neural Networks
// for Document Processing" (2006).

import Autodiff

enum ConvolutionKernels {
  /// `output = filter ⋆ input (+ bias)`: `input [n, c, h, w]`, `filter [o, c, kh, kw]`,
  /// `output [n, o, oh, ow]`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func forward<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, filter: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
    into output: UnsafeMutablePointer<Scalar>, batch: Int, geometry g: ConvolutionGeometry
  ) {
    if runsDirect(Scalar.self, g) {
      return forwardDirect(
        input, filter: filter, bias: bias, into: output, batch: batch, geometry: g)
    }
    let l = ConvolutionLowering(g, batch: batch)
    let (oh, ow, plane) = (g.outputHeight, g.outputWidth, g.outputPlane)
    // Images lowered one at a time are multiplied into the output in place: the bias is one more
    // column of the filter matrix, against a row of ones under the patches (for LeNet's first
    // layer, 128 such products took 370–387 µs on one thread against 417–494 µs for the product
    // and a pass adding the bias; C, same run). The wide layout adds it as it copies out.
    let augmented = l.isDirect ? bias.map { filterWithBiasColumn(filter, $0, g) } : nil
    defer { augmented?.deallocate() }
    let (weights, columns) =
      augmented.map { (UnsafePointer($0), g.patchSize + 1) } ?? (filter, g.patchSize)
    l.forEachChunk(Scalar.self, rowOfOnes: augmented != nil) { _, start, count, work in
      l.lower(input + start * g.inputImageSize, count, work)
      if l.isDirect {
        GEMM.multiply(
          weights, transposed: false, work.patches, transposed: false,
          into: output + start &* g.outputChannels &* plane, m: g.outputChannels, n: plane,
          k: columns, threaded: l.parts == 1)
        return
      }
      GEMM.multiply(
        filter, transposed: false, work.patches, transposed: false, into: work.outputs,
        m: g.outputChannels, n: count * l.columns, k: g.patchSize, ldb: l.pitch, ldc: l.pitch,
        threaded: l.parts == 1)
      // Drops the extra columns of wide rows, adding the bias.
      for oc in 0..<g.outputChannels {
        let shift = bias?[oc] ?? 0
        for b in 0..<count {
          let from = work.outputs + (oc &* l.pitch &+ b &* l.columns)
          let to = output + ((start &+ b) &* g.outputChannels &+ oc) &* plane
          for oy in 0..<oh {
            let (row, target) = (from + oy &* l.rowPitch, to + oy &* ow)
            for ox in 0..<ow { target[ox] = row[ox] + shift }
          }
        }
      }
    }
  }

  /// The filter matrix `[o, c·kh·kw + 1]` with the bias as its last column; release it with
  /// `deallocate()`.
  private static func filterWithBiasColumn<Scalar: TensorScalar>(
    _ filter: UnsafePointer<Scalar>, _ bias: UnsafePointer<Scalar>, _ g: ConvolutionGeometry
  ) -> UnsafeMutablePointer<Scalar> {
    let columns = g.patchSize + 1
    let augmented = UnsafeMutablePointer<Scalar>.allocateCacheLineAligned(
      capacity: g.outputChannels * columns)
    for oc in 0..<g.outputChannels {
      (augmented + oc * columns).initialize(from: filter + oc * g.patchSize, count: g.patchSize)
      augmented[oc * columns + g.patchSize] = bias[oc]
    }
    return augmented
  }

  /// The input gradient `∂input [n, c, h, w]` for the output gradient `upstream [n, o, oh, ow]`:
  /// `col2im(filterᵀ · upstream)`, a transposed convolution.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func inputGradient<Scalar: TensorScalar>(
    _ upstream: UnsafePointer<Scalar>, filter: UnsafePointer<Scalar>,
    into gradient: UnsafeMutablePointer<Scalar>, batch: Int, geometry g: ConvolutionGeometry
  ) {
    let l = ConvolutionLowering(g, batch: batch)
    l.forEachChunk(Scalar.self) { _, start, count, work in
      let outputs = upstream + start * g.outputChannels * g.outputPlane
      if !l.isDirect { widen(outputs, count, into: work.outputs, l) }
      GEMM.multiply(
        filter, transposed: true, l.isDirect ? outputs : UnsafePointer(work.outputs),
        transposed: false, into: work.patches, m: g.patchSize, n: count * l.columns,
        k: g.outputChannels, ldb: l.pitch, ldc: l.pitch, threaded: l.parts == 1)
      let images = gradient + start * g.inputImageSize
      images.initialize(repeating: 0, count: count * g.inputImageSize)
      for b in 0..<count {
        raise(work.patches + b * l.columns, into: images + b * g.inputImageSize, l, work)
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
    if runsDirect(Scalar.self, g) {
      return filterGradientDirect(
        input, upstream: upstream, into: gradient, batch: batch, geometry: g)
    }
    let l = ConvolutionLowering(g, batch: batch)
    let size = g.patchSize * g.outputChannels
    // Each part accumulates its images' sum; the parts' sums are added in order at the end.
    // OpenBLAS's small-matrix kernels read a transposed operand quickly only for small results:
    // for LeNet's first layer (6×25 from 576 positions), `upstream · patchesᵀ` reads both in
    // place (3.6 µs per image on one thread against 4.2 µs for `patches · upstreamᵀ`),
    // but one image of its second (16×150 from 64 positions) takes 11 µs that way against 3.3 µs
    // for `patches · upstreamᵀ` with `upstreamᵀ` laid out explicitly, a `[c·kh·kw, o]` sum.
    let explicitTranspose = size > 1024
    let sums = UnsafeMutablePointer<Scalar>.allocateCacheLineAligned(capacity: l.parts * size)
    defer { sums.deallocate() }
    sums.initialize(repeating: 0, count: l.parts * size)
    l.forEachChunk(Scalar.self, upstreamTransposed: explicitTranspose) {
      part, start, count, work in
      l.lower(input + start * g.inputImageSize, count, work)
      let outputs = upstream + start * g.outputChannels * g.outputPlane
      let inPlace = l.isDirect && !explicitTranspose
      if !inPlace { widen(outputs, count, into: work.outputs, transposed: explicitTranspose, l) }
      let gradients = inPlace ? outputs : UnsafePointer(work.outputs)
      if explicitTranspose {
        GEMM.multiply(
          work.patches, transposed: false, gradients, transposed: false, into: sums + part * size,
          m: g.patchSize, n: g.outputChannels, k: count * l.columns, beta: 1, lda: l.pitch,
          ldb: g.outputChannels, threaded: l.parts == 1)
      } else {
        GEMM.multiply(
          gradients, transposed: false, work.patches, transposed: true, into: sums + part * size,
          m: g.outputChannels, n: g.patchSize, k: count * l.columns, beta: 1,
          lda: inPlace ? g.outputPlane : l.pitch, ldb: l.pitch, threaded: l.parts == 1)
      }
    }
    for oc in 0..<g.outputChannels {
      for r in 0..<g.patchSize {
        let index = explicitTranspose ? r * g.outputChannels + oc : oc * g.patchSize + r
        gradient[oc * g.patchSize + r] = sumOverParts(sums, parts: l.parts, size: size, at: index)
      }
    }
  }

  /// Entry `index` of the parts' partial sums, `size` scalars each one after the other in
  /// `sums`, added in order of the parts: the same on every run whatever the thread count.
  @inline(__always)
  static func sumOverParts<Scalar: TensorScalar>(
    _ sums: UnsafePointer<Scalar>, parts: Int, size: Int, at index: Int
  ) -> Scalar {
    var total: Scalar = 0
    for part in 0..<parts { total += sums[part &* size &+ index] }
    return total
  }

  /// Lays out `count` output gradients `[o, oh, ow]` like the patch matrix's columns,
  /// `[o, pitch]`, or transposed, `[pitch, o]`; the extra columns of wide rows stay zero.
  @inline(__always)
  static func widen<Scalar: TensorScalar>(
    _ upstream: UnsafePointer<Scalar>, _ count: Int, into target: UnsafeMutablePointer<Scalar>,
    transposed: Bool = false, _ l: ConvolutionLowering
  ) {
    let (oh, ow, channels, plane) = (
      l.g.outputHeight, l.g.outputWidth, l.g.outputChannels, l.g.outputPlane
    )
    for b in 0..<count {
      for oc in 0..<channels {
        let from = upstream + (b &* channels &+ oc) &* plane
        for oy in 0..<oh {
          let (source, column) = (from + oy &* ow, b &* l.columns &+ oy &* l.rowPitch)
          if transposed {
            let row = target + (column &* channels &+ oc)
            for ox in 0..<ow { row[ox &* channels] = source[ox] }
          } else {
            let row = target + (oc &* l.pitch &+ column)
            for ox in 0..<ow { row[ox] = source[ox] }
          }
        }
      }
    }
  }

  /// im2col for one image `[c, h, w]` into its columns of the patch matrix.
  @inline(__always)
  static func lower<Scalar: TensorScalar>(
    _ image: UnsafePointer<Scalar>, into patches: UnsafeMutablePointer<Scalar>,
    _ l: ConvolutionLowering, _ work: ConvolutionWorkspace<Scalar>
  ) {
    let (g, hp, wp, p) = (l.g, l.paddedHeight, l.paddedWidth, l.g.padding)
    var source = image
    if p > 0 {
      work.padded.initialize(repeating: 0, count: l.paddedSize)
      for ci in 0..<g.channels {
        for y in 0..<g.height {
          let (from, to) = (
            image + (ci &* g.height &+ y) &* g.width,
            work.padded + ((ci &* hp &+ y &+ p) &* wp &+ p)
          )
          for x in 0..<g.width { to[x] = from[x] }
        }
      }
      source = UnsafePointer(work.padded)
    }
    // Row (ci, ki, kj) reads the padded image at (ci, oy·s + ki, ox·s + kj) for output (oy, ox).
    var row = patches
    for ci in 0..<g.channels {
      for ki in 0..<g.kernelHeight {
        for kj in 0..<g.kernelWidth {
          let from = source + ((ci &* hp &+ ki) &* wp &+ kj)
          if l.isWide {
            row.update(from: from, count: l.run)
          } else if g.stride == 1 {
            // `update(from:count:)` (a `memmove` call per row) ran LeNet's layers half as fast.
            ShortRows.copy(
              rows: g.outputHeight, width: g.outputWidth, from: from, pitch: wp, to: row,
              pitch: g.outputWidth)
          } else {
            for oy in 0..<g.outputHeight {
              let (to, along) = (row + oy &* g.outputWidth, from + oy &* g.stride &* wp)
              for ox in 0..<g.outputWidth { to[ox] = along[ox &* g.stride] }
            }
          }
          row += l.pitch
        }
      }
    }
  }

  /// col2im, the adjoint of ``lower(_:into:_:_:)``: adds each entry of one image's columns of the
  /// patch matrix to the image position it was read from, skipping padding, into `image` (which
  /// starts at zero).
  @inline(__always)
  static func raise<Scalar: TensorScalar>(
    _ patches: UnsafePointer<Scalar>, into image: UnsafeMutablePointer<Scalar>,
    _ l: ConvolutionLowering, _ work: ConvolutionWorkspace<Scalar>
  ) {
    let (g, hp, wp, p) = (l.g, l.paddedHeight, l.paddedWidth, l.g.padding)
    let target = p > 0 ? work.padded : image
    if p > 0 { target.initialize(repeating: 0, count: l.paddedSize) }
    var row = patches
    for ci in 0..<g.channels {
      for ki in 0..<g.kernelHeight {
        for kj in 0..<g.kernelWidth {
          let to = target + ((ci &* hp &+ ki) &* wp &+ kj)
          if l.isWide {
            for j in 0..<l.run { to[j] += row[j] }
          } else if g.stride == 1 {
            ShortRows.add(
              rows: g.outputHeight, width: g.outputWidth, from: row, pitch: g.outputWidth, to: to,
              pitch: wp)
          } else {
            for oy in 0..<g.outputHeight {
              let (from, along) = (row + oy &* g.outputWidth, to + oy &* g.stride &* wp)
              for ox in 0..<g.outputWidth { along[ox &* g.stride] += from[ox] }
            }
          }
          row += l.pitch
        }
      }
    }
    guard p > 0 else { return }
    for ci in 0..<g.channels {
      for y in 0..<g.height {
        let (from, to) = (
          work.padded + ((ci &* hp &+ y &+ p) &* wp &+ p), image + (ci &* g.height &+ y) &* g.width
        )
        for x in 0..<g.width { to[x] = from[x] }
      }
    }
  }
}
