// Convolution lowered to matrix multiplication (im2col). A few images at a time are unrolled into
// a patch matrix with `c·kh·kw` rows and one column per output position, so one GEMM with the
// `[o, c·kh·kw]` filter matrix computes their outputs. The filter gradient is one GEMM of the
// patches against the output gradient; the input gradient one GEMM with the transposed filter,
// followed by col2im, which adds every patch back where it came from.
//
// Such GEMMs are too small to pay for OpenBLAS's threads (see `KernelThreads.swift`), so the batch
// is spread over cores instead: in parts run in parallel, each with its own scratch memory (as
// PyTorch's CPU convolution does). The parts depend only on the shapes, so results are the same
// from run to run, whatever the thread count.
//
// Reference: K. Chellapilla, S. Puri, P. Simard, "High Performance Convolutional Neural Networks
// for Document Processing" (2006).

import Autodiff
import Dispatch

/// How images are unrolled into the patch matrix, and how many at a time.
///
/// Images are read zero-padded. In general, image column `oy·ow + ox` holds the patch of output
/// `(oy, ox)`, and each row is gathered with stride `s`. With stride 1 the matrix is *wide*
/// instead: `wp` columns per output row, so that each row is one contiguous run of the padded
/// image, copied at memory speed. The `wp − ow` extra columns of each output row are computed
/// and dropped (forward) or fed zeros (gradients).
struct ConvolutionLowering {
  let g: ConvolutionGeometry
  let batch: Int
  let isWide: Bool
  let paddedHeight: Int
  let paddedWidth: Int
  /// Columns per output row: `wp` when wide, else `ow`.
  let rowPitch: Int
  /// Columns per image.
  let columns: Int
  /// In the wide layout, the length of each row's run: `(oh − 1)·wp + ow`.
  let run: Int
  /// Images per GEMM: as many as keep its multiply–adds under 2¹⁸, so that the patch matrix
  /// stays in the L2 cache between im2col and the GEMM (measured: 2²⁰ ran LeNet's first layer
  /// twice as slowly, 2¹⁶ no faster).
  let chunk: Int
  /// Parts of the batch run in parallel: one when a single image's GEMM is large enough to run on
  /// OpenBLAS's threads itself.
  let parts: Int

  init(_ g: ConvolutionGeometry, batch: Int) {
    (self.g, self.batch) = (g, batch)
    isWide = g.stride == 1
    (paddedHeight, paddedWidth) = (g.height + 2 * g.padding, g.width + 2 * g.padding)
    rowPitch = isWide ? paddedWidth : g.outputWidth
    columns = g.outputHeight * rowPitch
    run = (g.outputHeight - 1) * paddedWidth + g.outputWidth
    let work = Swift.max(1, g.outputChannels * g.patchSize * columns)
    chunk = Swift.max(1, Swift.min(batch, (1 << 18) / work))
    let chunks = (batch + chunk - 1) / chunk
    parts = work >= GEMM.parallelWork ? 1 : Swift.max(1, Swift.min(chunks, 8))
  }

  var paddedSize: Int { g.channels * paddedHeight * paddedWidth }

  /// Calls `body` for each chunk, `count` images from `start` on: the chunks of each part in
  /// order, the parts in parallel, each part with its own scratch memory.
  func forEachChunk<Scalar: TensorScalar>(
    _: Scalar.Type,
    _ body: (_ part: Int, _ start: Int, _ count: Int, ConvolutionWorkspace<Scalar>) -> Void
  ) {
    forEachPart(of: (batch + chunk - 1) / chunk, parts: parts) { part, chunks in
      let work = ConvolutionWorkspace<Scalar>(self)
      defer { work.deallocate() }
      for start in stride(from: chunks.lowerBound * chunk, to: chunks.upperBound * chunk, by: chunk)
      {
        body(part, start, Swift.min(chunk, batch - start), work)
      }
    }
  }

  /// im2col for `count` images from `input`, side by side in the patch matrix.
  @inline(__always)
  func lower<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, _ count: Int, _ work: ConvolutionWorkspace<Scalar>
  ) {
    for b in 0..<count {
      ConvolutionKernels.lower(
        input + b * g.inputImageSize, into: work.patches + b * columns, count * columns, self,
        work)
    }
  }
}

/// Calls `body` in parallel on `parts` contiguous ranges that split `0..<count`, numbered from 0,
/// at most ``KernelThreads/count`` at a time.
///
/// The ranges depend only on `count` and `parts`, so work split this way (and sums over the
/// parts, taken in order) comes out the same from run to run.
func forEachPart(of count: Int, parts: Int, _ body: (_ part: Int, _ range: Range<Int>) -> Void) {
  @Sendable func range(_ part: Int) -> Range<Int> {
    part * count / parts..<(part + 1) * count / parts
  }
  let threads = Swift.min(parts, KernelThreads.count)
  guard threads > 1 else {
    for part in 0..<parts { body(part, range(part)) }
    return
  }
  withoutActuallyEscaping(body) { body in
    // The parts read shared inputs and write disjoint memory.
    let body = UncheckedSendable(body)
    guard threads < KernelThreads.processors else {
      // Dispatch runs at most one part per core at a time, and hands the next part to whichever
      // thread is free: on a shared machine, a thread that is descheduled holds up no others.
      return DispatchQueue.concurrentPerform(iterations: parts) { part in
        body.value(part, range(part))
      }
    }
    // Fewer threads than cores: thread `t` runs parts t, t + threads, …
    DispatchQueue.concurrentPerform(iterations: threads) { thread in
      for part in stride(from: thread, to: parts, by: threads) { body.value(part, range(part)) }
    }
  }
}

/// A value handed to parallel code that is known to use it safely.
struct UncheckedSendable<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}

/// Scratch memory for one chunk of images.
struct ConvolutionWorkspace<Scalar: TensorScalar> {
  /// The patch matrix `[c·kh·kw, chunk·columns]`.
  let patches: UnsafeMutablePointer<Scalar>
  /// Outputs or output gradients in the patch matrix's column order, `[o, chunk·columns]`.
  let outputs: UnsafeMutablePointer<Scalar>
  /// One zero-padded image.
  let padded: UnsafeMutablePointer<Scalar>

  init(_ l: ConvolutionLowering) {
    patches = .allocate(capacity: l.g.patchSize * l.chunk * l.columns)
    outputs = .allocate(capacity: l.g.outputChannels * l.chunk * l.columns)
    padded = .allocate(capacity: l.g.padding > 0 ? l.paddedSize : 0)
  }

  func deallocate() {
    patches.deallocate()
    outputs.deallocate()
    padded.deallocate()
  }
}

enum ConvolutionKernels {
  /// `output = filter ⋆ input (+ bias)`: `input [n, c, h, w]`, `filter [o, c, kh, kw]`,
  /// `output [n, o, oh, ow]`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func forward<Scalar: TensorScalar>(
    _ input: UnsafePointer<Scalar>, filter: UnsafePointer<Scalar>, bias: UnsafePointer<Scalar>?,
    into output: UnsafeMutablePointer<Scalar>, batch: Int, geometry g: ConvolutionGeometry
  ) {
    let l = ConvolutionLowering(g, batch: batch)
    l.forEachChunk(Scalar.self) { _, start, count, work in
      let width = count * l.columns
      l.lower(input + start * g.inputImageSize, count, work)
      GEMM.multiply(
        filter, transposed: false, work.patches, transposed: false, into: work.outputs,
        m: g.outputChannels, n: width, k: g.patchSize)
      for b in 0..<count {
        // Drops the extra columns of wide rows, adding the bias.
        let target = output + (start + b) * g.outputChannels * g.outputPlane
        for oc in 0..<g.outputChannels {
          let shift = bias?[oc] ?? 0
          for oy in 0..<g.outputHeight {
            let from = work.outputs + (oc * width + b * l.columns + oy * l.rowPitch)
            let to = target + (oc * g.outputHeight + oy) * g.outputWidth
            for ox in 0..<g.outputWidth { to[ox] = from[ox] + shift }
          }
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
    let l = ConvolutionLowering(g, batch: batch)
    l.forEachChunk(Scalar.self) { _, start, count, work in
      let width = count * l.columns
      widen(upstream + start * g.outputChannels * g.outputPlane, count, into: work.outputs, l)
      GEMM.multiply(
        filter, transposed: true, work.outputs, transposed: false, into: work.patches,
        m: g.patchSize, n: width, k: g.outputChannels)
      let images = gradient + start * g.inputImageSize
      images.initialize(repeating: 0, count: count * g.inputImageSize)
      for b in 0..<count {
        raise(work.patches + b * l.columns, width, into: images + b * g.inputImageSize, l, work)
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
    let l = ConvolutionLowering(g, batch: batch)
    let size = g.patchSize * g.outputChannels
    // Each part accumulates the transpose, `patches · upstreamᵀ`, with `upstreamᵀ` laid out
    // explicitly: OpenBLAS runs this product, without transposes, as a small-matrix kernel,
    // about twice as fast as `upstream · patchesᵀ`.
    let sums = UnsafeMutablePointer<Scalar>.allocate(capacity: l.parts * size)
    defer { sums.deallocate() }
    sums.initialize(repeating: 0, count: l.parts * size)
    l.forEachChunk(Scalar.self) { part, start, count, work in
      l.lower(input + start * g.inputImageSize, count, work)
      widen(
        upstream + start * g.outputChannels * g.outputPlane, count, into: work.outputs,
        transposed: true, l)
      GEMM.multiply(
        work.patches, transposed: false, work.outputs, transposed: false, into: sums + part * size,
        m: g.patchSize, n: g.outputChannels, k: count * l.columns, beta: 1)
    }
    for oc in 0..<g.outputChannels {
      for r in 0..<g.patchSize {
        var total: Scalar = 0
        for part in 0..<l.parts { total += sums[part * size + r * g.outputChannels + oc] }
        gradient[oc * g.patchSize + r] = total
      }
    }
  }

  /// Lays out `count` output gradients `[o, oh, ow]` like the patch matrix's columns,
  /// `[o, count·columns]` (or its transpose), with zeros in the extra columns of wide rows.
  @inline(__always)
  static func widen<Scalar: TensorScalar>(
    _ upstream: UnsafePointer<Scalar>, _ count: Int, into target: UnsafeMutablePointer<Scalar>,
    transposed: Bool = false, _ l: ConvolutionLowering
  ) {
    let (ow, channels, plane) = (l.g.outputWidth, l.g.outputChannels, l.g.outputPlane)
    // Element (oc, column) goes to oc·across + column·along.
    let (across, along) = transposed ? (1, channels) : (count * l.columns, 1)
    for b in 0..<count {
      for oc in 0..<channels {
        for oy in 0..<l.g.outputHeight {
          let from = upstream + ((b * channels + oc) * plane + oy * ow)
          let to = target + (oc * across + (b * l.columns + oy * l.rowPitch) * along)
          for ox in 0..<ow { to[ox &* along] = from[ox] }
          for ox in ow..<l.rowPitch { to[ox &* along] = 0 }
        }
      }
    }
  }

  /// im2col for one image `[c, h, w]` into the patch matrix, whose rows are `width` apart.
  @inline(__always)
  static func lower<Scalar: TensorScalar>(
    _ image: UnsafePointer<Scalar>, into patches: UnsafeMutablePointer<Scalar>, _ width: Int,
    _ l: ConvolutionLowering, _ work: ConvolutionWorkspace<Scalar>
  ) {
    let (g, hp, wp, p) = (l.g, l.paddedHeight, l.paddedWidth, l.g.padding)
    var source = image
    if p > 0 {
      work.padded.initialize(repeating: 0, count: l.paddedSize)
      for ci in 0..<g.channels {
        for y in 0..<g.height {
          (work.padded + ((ci * hp + y + p) * wp + p)).update(
            from: image + (ci * g.height + y) * g.width, count: g.width)
        }
      }
      source = UnsafePointer(work.padded)
    }
    // Row (ci, ki, kj) reads the padded image at (ci, oy·s + ki, ox·s + kj) for output (oy, ox).
    var row = patches
    for ci in 0..<g.channels {
      for ki in 0..<g.kernelHeight {
        for kj in 0..<g.kernelWidth {
          let from = source + ((ci * hp + ki) * wp + kj)
          if l.isWide {
            row.update(from: from, count: l.run)
            for j in l.run..<l.columns { row[j] = 0 }
          } else {
            for oy in 0..<g.outputHeight {
              let (to, along) = (row + oy &* g.outputWidth, from + oy &* g.stride &* wp)
              for ox in 0..<g.outputWidth { to[ox] = along[ox &* g.stride] }
            }
          }
          row += width
        }
      }
    }
  }

  /// col2im, the adjoint of ``lower(_:into:_:_:_:)``: adds each entry of the patch matrix to the
  /// image position it was read from, skipping padding, into `image` (which starts at zero).
  @inline(__always)
  static func raise<Scalar: TensorScalar>(
    _ patches: UnsafePointer<Scalar>, _ width: Int, into image: UnsafeMutablePointer<Scalar>,
    _ l: ConvolutionLowering, _ work: ConvolutionWorkspace<Scalar>
  ) {
    let (g, hp, wp, p) = (l.g, l.paddedHeight, l.paddedWidth, l.g.padding)
    let target = p > 0 ? work.padded : image
    if p > 0 { target.initialize(repeating: 0, count: l.paddedSize) }
    var row = patches
    for ci in 0..<g.channels {
      for ki in 0..<g.kernelHeight {
        for kj in 0..<g.kernelWidth {
          let to = target + ((ci * hp + ki) * wp + kj)
          if l.isWide {
            for j in 0..<l.run { to[j] += row[j] }
          } else {
            for oy in 0..<g.outputHeight {
              let (from, along) = (row + oy &* g.outputWidth, to + oy &* g.stride &* wp)
              for ox in 0..<g.outputWidth { along[ox &* g.stride] += from[ox] }
            }
          }
          row += width
        }
      }
    }
    guard p > 0 else { return }
    for ci in 0..<g.channels {
      for y in 0..<g.height {
        (image + (ci * g.height + y) * g.width).update(
          from: work.padded + ((ci * hp + y + p) * wp + p), count: g.width)
      }
    }
  }
}
