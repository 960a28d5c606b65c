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

/// How images are unrolled into the patch matrix, and how many at a time.
///
/// Images are read zero-padded. In general, image column `oy·ow + ox` holds the patch of output
/// `(oy, ox)`, and each row is gathered with stride `s` in runs of `ow`. Images large enough are
/// lowered one at a time (``isDirect``), so that the GEMMs use the output and its gradient in
/// place. Chunks of small images with stride 1 are *wide* instead: `wp` columns per output row,
/// so that each row is one contiguous run of the padded image, copied at memory speed. The
/// `wp − ow` extra columns of each output row are computed and dropped (forward) or fed zeros
/// (gradients).
///
/// The images of a chunk sit side by side, `columns` apart, in matrices whose rows are ``pitch``
/// apart whatever the chunk's size, so that the extra columns, which no chunk writes, are zeroed
/// once per workspace.
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
  /// Images per GEMM: one when an image's GEMM has at least ``directWork`` multiply–adds, else
  /// as many as keep the GEMM under 2¹⁸, so that the patch matrix stays in the L2 cache between
  /// im2col and the GEMM (measured on LeNet's first layer in chunks: 2²⁰ ran twice as slowly).
  let chunk: Int
  /// One image per chunk in the tensors' own layout (narrow rows): the GEMMs read the output
  /// gradient and write the output where they are, with no copies.
  let isDirect: Bool
  /// Parts of the batch run in parallel: one when a single image's GEMM is large enough to run on
  /// OpenBLAS's threads itself.
  let parts: Int

  /// The multiply–adds of one image's GEMM from which images are lowered one at a time, in the
  /// direct layout. Measured on LeNet's layers (5×5 kernels, 28×28 and 12×12 images, 2¹⁶·1.3 and
  /// 2¹⁷·1.2 multiply–adds per image), forward and backward on one thread: 14% and 26% faster
  /// than in chunks of two or one images in the wide layout, whose extra columns cost copies into
  /// and out of the GEMM's matrices and a wider GEMM.
  static let directWork = 1 << 16

  init(_ g: ConvolutionGeometry, batch: Int) {
    (self.g, self.batch) = (g, batch)
    isDirect = g.outputChannels * g.patchSize * g.outputPlane >= Self.directWork
    isWide = g.stride == 1 && !isDirect
    (paddedHeight, paddedWidth) = (g.height + 2 * g.padding, g.width + 2 * g.padding)
    rowPitch = isWide ? paddedWidth : g.outputWidth
    columns = g.outputHeight * rowPitch
    run = (g.outputHeight - 1) * paddedWidth + g.outputWidth
    let work = Swift.max(1, g.outputChannels * g.patchSize * columns)
    chunk = isDirect ? 1 : Swift.max(1, Swift.min(batch, (1 << 18) / work))
    let chunks = (batch + chunk - 1) / chunk
    parts = work >= GEMM.parallelWork ? 1 : Swift.max(1, Swift.min(chunks, 8))
  }

  var paddedSize: Int { g.channels * paddedHeight * paddedWidth }

  /// The distance between rows of the patch matrix and of the output matrix: `chunk · columns`.
  var pitch: Int { chunk * columns }

  /// Calls `body` for each chunk, `count` images from `start` on: the chunks of each part in
  /// order, the parts in parallel, each part with its own scratch memory.
  func forEachChunk<Scalar: TensorScalar>(
    _: Scalar.Type, upstreamTransposed: Bool = false,
    _ body: (_ part: Int, _ start: Int, _ count: Int, ConvolutionWorkspace<Scalar>) -> Void
  ) {
    forEachPart(of: (batch + chunk - 1) / chunk, parts: parts) { part, chunks in
      let work = ConvolutionWorkspace<Scalar>(self, upstreamTransposed: upstreamTransposed)
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
        input + b * g.inputImageSize, into: work.patches + b * columns, self, work)
    }
  }
}

/// Scratch memory for one chunk of images.
struct ConvolutionWorkspace<Scalar: TensorScalar> {
  /// The patch matrix `[c·kh·kw, pitch]`.
  let patches: UnsafeMutablePointer<Scalar>
  /// Outputs or output gradients in the patch matrix's column order, `[o, pitch]`, or the
  /// output gradients transposed, `[pitch, o]` (for the filter gradient, see
  /// ``init(_:upstreamTransposed:)``).
  let outputs: UnsafeMutablePointer<Scalar>
  /// One zero-padded image.
  let padded: UnsafeMutablePointer<Scalar>

  /// Allocates the matrices and zeroes the extra columns of the wide layout, which im2col and
  /// the widened output gradients leave alone (see ``ConvolutionLowering``); `outputs` holds the
  /// output gradients transposed when `upstreamTransposed`.
  init(_ l: ConvolutionLowering, upstreamTransposed: Bool) {
    patches = .allocate(capacity: l.g.patchSize * l.pitch)
    outputs = .allocate(capacity: l.g.outputChannels * l.pitch)
    padded = .allocate(capacity: l.g.padding > 0 ? l.paddedSize : 0)
    guard l.isWide else { return }
    let (ow, extra) = (l.g.outputWidth, l.rowPitch - l.g.outputWidth)
    for image in stride(from: 0, to: l.pitch, by: l.columns) {
      for row in 0..<l.g.patchSize {
        (patches + (row * l.pitch + image + l.run)).initialize(repeating: 0, count: extra)
      }
      for oy in 0..<l.g.outputHeight {
        let column = image + oy * l.rowPitch + ow
        if upstreamTransposed {
          (outputs + column * l.g.outputChannels).initialize(
            repeating: 0, count: extra * l.g.outputChannels)
        } else {
          for oc in 0..<l.g.outputChannels {
            (outputs + (oc * l.pitch + column)).initialize(repeating: 0, count: extra)
          }
        }
      }
    }
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
    let (oh, ow, plane) = (g.outputHeight, g.outputWidth, g.outputPlane)
    l.forEachChunk(Scalar.self) { _, start, count, work in
      l.lower(input + start * g.inputImageSize, count, work)
      if l.isDirect {
        let image = output + start &* g.outputChannels &* plane
        GEMM.multiply(
          filter, transposed: false, work.patches, transposed: false, into: image,
          m: g.outputChannels, n: plane, k: g.patchSize, threaded: l.parts == 1)
        guard let bias else { return }
        for oc in 0..<g.outputChannels {
          let (row, shift) = (image + oc &* plane, bias[oc])
          for j in 0..<plane { row[j] += shift }
        }
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
    let l = ConvolutionLowering(g, batch: batch)
    let size = g.patchSize * g.outputChannels
    // Each part accumulates the transpose, `patches · upstreamᵀ`; the parts' sums are added in
    // order at the end. OpenBLAS's small-matrix kernels take a transposed operand only for small
    // results: for LeNet's first layer (25×6) `upstream` is read in place, with no copy, but one
    // image of its second (150×16 from 64 positions) takes 11 µs that way against 6 µs with
    // `upstreamᵀ` laid out explicitly (one thread).
    let explicitTranspose = size > 1024
    let sums = UnsafeMutablePointer<Scalar>.allocate(capacity: l.parts * size)
    defer { sums.deallocate() }
    sums.initialize(repeating: 0, count: l.parts * size)
    l.forEachChunk(Scalar.self, upstreamTransposed: explicitTranspose) {
      part, start, count, work in
      l.lower(input + start * g.inputImageSize, count, work)
      let outputs = upstream + start * g.outputChannels * g.outputPlane
      let inPlace = l.isDirect && !explicitTranspose
      if !inPlace { widen(outputs, count, into: work.outputs, transposed: explicitTranspose, l) }
      GEMM.multiply(
        work.patches, transposed: false, inPlace ? outputs : UnsafePointer(work.outputs),
        transposed: !explicitTranspose,
        into: sums + part * size, m: g.patchSize, n: g.outputChannels, k: count * l.columns,
        beta: 1, lda: l.pitch, ldb: explicitTranspose ? g.outputChannels : l.pitch,
        threaded: l.parts == 1)
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
            // A plain loop: `update(from:count:)` (a `memmove` call per row) ran LeNet's layers
            // half as fast, and an explicit four-lane copy was slower on rows of 24.
            for oy in 0..<g.outputHeight {
              let (to, along) = (row + oy &* g.outputWidth, from + oy &* wp)
              for ox in 0..<g.outputWidth { to[ox] = along[ox] }
            }
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
    if l.isWide {
      // Kernel row (ci, ki): its kw patch rows, shifted by kj, go to one run from image row ki.
      for ci in 0..<g.channels {
        for ki in 0..<g.kernelHeight {
          let rows = patches + ((ci &* g.kernelHeight &+ ki) &* g.kernelWidth) &* l.pitch
          addShiftedRows(
            rows, count: g.kernelWidth, pitch: l.pitch, run: l.run,
            into: target + (ci &* hp &+ ki) &* wp)
        }
      }
    } else {
      var row = patches
      for ci in 0..<g.channels {
        for ki in 0..<g.kernelHeight {
          for kj in 0..<g.kernelWidth {
            let to = target + ((ci &* hp &+ ki) &* wp &+ kj)
            for oy in 0..<g.outputHeight {
              let (from, along) = (row + oy &* g.outputWidth, to + oy &* g.stride &* wp)
              if g.stride == 1 {
                for ox in 0..<g.outputWidth { along[ox] += from[ox] }
              } else {
                for ox in 0..<g.outputWidth { along[ox &* g.stride] += from[ox] }
              }
            }
            row += l.pitch
          }
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

  /// Adds `count` rows, `pitch` apart, to `target`, row `kj` shifted by `kj`:
  /// `target[j + kj] += rows[kj][j]` for `j < run`.
  ///
  /// col2im in the wide layout, for the patch rows of one kernel row `ki`. Up to four rows are
  /// added at once over the positions they share, so that the target is read and written once
  /// per four rows instead of once per row; the few positions at either end that only some rows
  /// reach are added row by row.
  @inline(__always)
  static func addShiftedRows<Scalar: TensorScalar>(
    _ rows: UnsafePointer<Scalar>, count: Int, pitch: Int, run: Int,
    into target: UnsafeMutablePointer<Scalar>
  ) {
    var first = 0
    while first < count {
      // Row kj covers target positions kj..<kj + run; the group shares last..<first + run, an
      // empty range at worst (a run shorter than four rows' shifts: a one-position output row).
      let last = Swift.min(first + 4, count, first + run + 1) - 1
      for kj in first...last {
        let (row, to) = (rows + kj &* pitch, target + kj)
        for j in 0..<(last - kj) { to[j] += row[j] }
        for j in (first + run - kj)..<run { to[j] += row[j] }
      }
      let shared = first + run - last
      let to = target + last
      // Row kj, read from its element last − kj on.
      let r0 = rows + first &* pitch + (last - first)
      switch last - first {
      case 3:
        let (r1, r2, r3) = (r0 + pitch - 1, r0 + 2 * pitch - 2, r0 + 3 * pitch - 3)
        for j in 0..<shared { to[j] += (r0[j] + r1[j]) + (r2[j] + r3[j]) }
      case 2:
        let (r1, r2) = (r0 + pitch - 1, r0 + 2 * pitch - 2)
        for j in 0..<shared { to[j] += (r0[j] + r1[j]) + r2[j] }
      case 1:
        let r1 = r0 + pitch - 1
        for j in 0..<shared { to[j] += r0[j] + r1[j] }
      default:
        for j in 0..<shared { to[j] += r0[j] }
      }
      first = last + 1
    }
  }
}
