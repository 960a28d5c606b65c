// The layout of im2col's matrices for one convolution (which images at a time, how wide), and
// the scratch memory that holds them. The kernels that use them are in `Convolution+Im2col.swift`.

import Autodiff
@_spi(Kernels) import Parallelism

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
    _: Scalar.Type, upstreamTransposed: Bool = false, rowOfOnes: Bool = false,
    _ body: (_ part: Int, _ start: Int, _ count: Int, ConvolutionWorkspace<Scalar>) -> Void
  ) {
    forEachPart(of: (batch + chunk - 1) / chunk, parts: parts) { part, chunks in
      let work = ConvolutionWorkspace<Scalar>(
        self, upstreamTransposed: upstreamTransposed, rowOfOnes: rowOfOnes)
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
  /// The patch matrix `[c·kh·kw, pitch]`, followed by a row of ones when the workspace is made
  /// with `rowOfOnes` (see ``init(_:upstreamTransposed:rowOfOnes:)``).
  let patches: UnsafeMutablePointer<Scalar>
  /// Outputs or output gradients in the patch matrix's column order, `[o, pitch]`, or the
  /// output gradients transposed, `[pitch, o]` (for the filter gradient, see
  /// ``init(_:upstreamTransposed:)``).
  let outputs: UnsafeMutablePointer<Scalar>
  /// One zero-padded image.
  let padded: UnsafeMutablePointer<Scalar>

  /// Allocates the matrices and zeroes the extra columns of the wide layout, which im2col and
  /// the widened output gradients leave alone (see ``ConvolutionLowering``); `outputs` holds the
  /// output gradients transposed when `upstreamTransposed`. With `rowOfOnes`, the patch matrix
  /// has one more row, all ones, which im2col leaves alone: a filter matrix with the bias as one
  /// more column adds the bias within the GEMM.
  init(_ l: ConvolutionLowering, upstreamTransposed: Bool, rowOfOnes: Bool) {
    let rows = l.g.patchSize + (rowOfOnes ? 1 : 0)
    patches = .allocateCacheLineAligned(capacity: rows * l.pitch)
    if rowOfOnes { (patches + l.g.patchSize * l.pitch).initialize(repeating: 1, count: l.pitch) }
    outputs = .allocateCacheLineAligned(capacity: l.g.outputChannels * l.pitch)
    padded = .allocateCacheLineAligned(capacity: l.g.padding > 0 ? l.paddedSize : 0)
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
