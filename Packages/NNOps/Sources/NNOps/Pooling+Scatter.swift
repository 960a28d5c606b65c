// Max pooling's pullback and its pullback: the gradient of each window goes to its argmax
// (scatter), and the gradient of that comes back from the same places (gather). Each is the
// other's adjoint, so derivatives of any order through `maxPool2d` are exact.

import Autodiff
@_spi(Kernels) import Parallelism

/// Scatters the `blocks` blocks of `source` into zeros of `shape`, cut into as many blocks:
/// `result[k][offsets[i]] += source[i]` for each element `i` of source block `k` (the planes of
/// a max pooling, and each output's argmax within its plane). Recorded; its pullback is
/// ``gathering(_:at:shape:blocks:)`` at the same offsets. The blocks are scattered in parallel.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func scattering<Scalar>(
  _ source: Tensor<Scalar>, to offsets: [Int32], shape: [Int], blocks: Int
) -> Tensor<Scalar> {
  let sourceShape = source.shape
  let value = blockwise(source, offsets, shape: shape, blocks: blocks) {
    range, source, offsets, result, size in
    // Each block is zeroed just before its scatter, while it is in the cache.
    for block in range {
      let (from, to) = (block &* size.source, result + block &* size.result)
      to.initialize(repeating: 0, count: size.result)
      for i in from..<(from &+ size.source) { to[Int(offsets[i])] += source[i] }
    }
  }
  return differentiableOperation(of: source, value: value) { upstream, _, _ in
    gathering(upstream, at: offsets, shape: sourceShape, blocks: blocks)
  }
}

/// Gathers from the `blocks` blocks of `source` into `shape`, cut into as many blocks:
/// `result[i] = source[k][offsets[i]]` for each element `i` of result block `k`. Recorded; its
/// pullback is ``scattering(_:to:shape:blocks:)`` at the same offsets.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func gathering<Scalar>(
  _ source: Tensor<Scalar>, at offsets: [Int32], shape: [Int], blocks: Int
) -> Tensor<Scalar> {
  let sourceShape = source.shape
  let value = blockwise(source, offsets, shape: shape, blocks: blocks) {
    range, source, offsets, result, size in
    for block in range {
      let (from, to) = (source + block &* size.source, block &* size.result)
      for i in to..<(to &+ size.result) { result[i] = from[Int(offsets[i])] }
    }
  }
  return differentiableOperation(of: source, value: value) { upstream, _, _ in
    scattering(upstream, to: offsets, shape: sourceShape, blocks: blocks)
  }
}

/// A tensor of `shape` computed from `source` and `offsets` by `body`, called on ranges of the
/// `blocks` blocks in parallel, with the whole tensors and the block sizes (nothing for an empty
/// batch).
@inline(__always)
private func blockwise<Scalar>(
  _ source: Tensor<Scalar>, _ offsets: [Int32], shape: [Int], blocks: Int,
  _ body: (
    _ blocks: Range<Int>, _ source: UnsafePointer<Scalar>, _ offsets: UnsafePointer<Int32>,
    _ result: UnsafeMutablePointer<Scalar>, _ size: (source: Int, result: Int)
  ) -> Void
) -> Tensor<Scalar> {
  Tensor(shape: shape) { result in
    guard blocks > 0 else { return }
    let size = (source: source.scalarCount / blocks, result: result.count / blocks)
    source.withUnsafeBufferPointer { source in
      offsets.withUnsafeBufferPointer { offsets in
        let (source, offsets, result) = (
          source.baseAddress!, offsets.baseAddress!, result.baseAddress!
        )
        forEachSlice(of: blocks, minimumPerPart: (1 << 16) / Swift.max(1, size.result)) { range in
          body(range, source, offsets, result, size)
        }
      }
    }
  }
}
