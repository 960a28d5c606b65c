// The definition of the convolution and its gradients, looped over directly: the reference the
// convolution tests compare against.

import NNOps

/// The sizes of one convolution under test.
struct ConvolutionCase: CustomStringConvertible {
  var batch: Int, channels: Int, height: Int, width: Int
  var outputChannels: Int, kernelHeight: Int, kernelWidth: Int
  var stride = 1, padding = 0

  var inputShape: [Int] { [batch, channels, height, width] }
  var filterShape: [Int] { [outputChannels, channels, kernelHeight, kernelWidth] }
  var description: String {
    "input \(inputShape), filter \(filterShape), stride \(stride), padding \(padding)"
  }
}

/// Calls `term` for every term `k[kernelIndex] · x[inputIndex]` of every output
/// `y[outputIndex]` of the definition `y[b, j, u, v] = bias[j] + Σ k[j, i, r, t] · x[…]`, in
/// order of outputs; `output` is called once per output, before its terms, with its channel.
func forEachTerm(
  _ c: ConvolutionCase, output: (_ outputIndex: Int, _ channel: Int) -> Void,
  term: (_ outputIndex: Int, _ kernelIndex: Int, _ inputIndex: Int) -> Void
) {
  let outputHeight = (c.height + 2 * c.padding - c.kernelHeight) / c.stride + 1
  let outputWidth = (c.width + 2 * c.padding - c.kernelWidth) / c.stride + 1
  var outputIndex = 0
  for b in 0..<c.batch {
    for j in 0..<c.outputChannels {
      for u in 0..<outputHeight {
        for v in 0..<outputWidth {
          output(outputIndex, j)
          for i in 0..<c.channels {
            for r in 0..<c.kernelHeight {
              for t in 0..<c.kernelWidth {
                let (row, column) = (u * c.stride + r - c.padding, v * c.stride + t - c.padding)
                guard 0 <= row && row < c.height && 0 <= column && column < c.width else {
                  continue
                }
                term(
                  outputIndex, ((j * c.channels + i) * c.kernelHeight + r) * c.kernelWidth + t,
                  ((b * c.channels + i) * c.height + row) * c.width + column)
              }
            }
          }
          outputIndex += 1
        }
      }
    }
  }
}

/// The definition, looped over directly.
func referenceConvolution(
  _ x: Tensor<Double>, _ k: Tensor<Double>, _ bias: Tensor<Double>?, _ c: ConvolutionCase
) -> [Double] {
  let (x, k) = (x.scalars, k.scalars)
  var y: [Double] = []
  forEachTerm(c) { _, j in
    y.append(bias?.scalars[j] ?? 0)
  } term: { o, ki, xi in
    y[o] += k[ki] * x[xi]
  }
  return y
}

/// The gradients of `⟨upstream, conv(x, k) + bias⟩` with respect to `x`, `k` and the bias, looped
/// over from the definition.
func referenceGradients(
  _ x: Tensor<Double>, _ k: Tensor<Double>, upstream: Tensor<Double>, _ c: ConvolutionCase
) -> (input: [Double], filter: [Double], bias: [Double]) {
  let (x, k, g) = (x.scalars, k.scalars, upstream.scalars)
  var (dx, dk) = ([Double](repeating: 0, count: x.count), [Double](repeating: 0, count: k.count))
  var db = [Double](repeating: 0, count: c.outputChannels)
  forEachTerm(c) { o, j in
    db[j] += g[o]
  } term: { o, ki, xi in
    dx[xi] += k[ki] * g[o]
    dk[ki] += x[xi] * g[o]
  }
  return (dx, dk, db)
}
