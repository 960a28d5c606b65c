// Max pooling's pullback and its pullback: the gradient of each window goes to its argmax
// (scatter), and the gradient of that comes back from the same places (gather). Each is the
// other's adjoint, so derivatives of any order through `maxPool2d` are exact.

import Autodiff

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
  let value = Tensor<Scalar>(shape: shape) { result in
    guard blocks > 0 else { return }  // An empty batch.
    let (sourceBlock, resultBlock) = (source.scalarCount / blocks, result.count / blocks)
    source.withUnsafeBufferPointer { source in
      offsets.withUnsafeBufferPointer { offsets in
        let (source, offsets, result) = (
          source.baseAddress!, offsets.baseAddress!, result.baseAddress!
        )
        forEachSlice(of: blocks, minimumPerPart: (1 << 16) / Swift.max(1, resultBlock)) { range in
          (result + range.lowerBound * resultBlock).initialize(
            repeating: 0, count: range.count * resultBlock)
          for block in range {
            let (from, to) = (block &* sourceBlock, result + block &* resultBlock)
            for i in from..<(from &+ sourceBlock) { to[Int(offsets[i])] += source[i] }
          }
        }
      }
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
  let value = Tensor<Scalar>(shape: shape) { result in
    guard blocks > 0 else { return }  // An empty batch.
    let (sourceBlock, resultBlock) = (source.scalarCount / blocks, result.count / blocks)
    source.withUnsafeBufferPointer { source in
      offsets.withUnsafeBufferPointer { offsets in
        let (source, offsets, result) = (
          source.baseAddress!, offsets.baseAddress!, result.baseAddress!
        )
        forEachSlice(of: blocks, minimumPerPart: (1 << 16) / Swift.max(1, resultBlock)) { range in
          for block in range {
            let (from, to) = (source + block &* sourceBlock, block &* resultBlock)
            for i in to..<(to &+ resultBlock) { result[i] = from[Int(offsets[i])] }
          }
        }
      }
    }
  }
  return differentiableOperation(of: source, value: value) { upstream, _, _ in
    scattering(upstream, to: offsets, shape: sourceShape, blocks: blocks)
  }
}
