import NNOps
import XCTest
import _TestSupport

/// Shapes `[n, c, h, w]`, window sizes and strides: non-overlapping, overlapping (stride below
/// the size), windows dropped at the edge, a window covering the whole image, 1×1 windows.
private let cases: [(shape: [Int], size: Int, stride: Int?)] = [
  ([2, 3, 4, 4], 2, nil),
  ([1, 2, 5, 7], 3, 2),
  ([2, 1, 5, 5], 2, 1),
  ([1, 1, 3, 3], 3, nil),
  ([1, 2, 5, 4], 1, nil),
  ([1, 1, 7, 6], 2, 3),
]

/// Pools each window with `combine` by looping over the definition.
private func referencePooling(
  _ x: Tensor<Double>, size: Int, stride: Int, _ combine: ([Double]) -> Double
) -> [Double] {
  let (planes, height, width) = (x.shape[0] * x.shape[1], x.shape[2], x.shape[3])
  var y: [Double] = []
  for plane in 0..<planes {
    for u in 0..<((height - size) / stride + 1) {
      for v in 0..<((width - size) / stride + 1) {
        var window: [Double] = []
        for r in 0..<size {
          for t in 0..<size {
            window.append(x.scalars[(plane * height + u * stride + r) * width + v * stride + t])
          }
        }
        y.append(combine(window))
      }
    }
  }
  return y
}

final class PoolingTests: XCTestCase {
  let example = Tensor<Double>(shape: [1, 1, 2, 4], scalars: [1, 5, 2, 0, 3, 4, 8, 7])

  func testDocumentationExamples() {
    XCTAssertEqual(maxPool2d(example, size: 2).shape, [1, 1, 1, 2])
    XCTAssertEqual(maxPool2d(example, size: 2).scalars, [5, 8])
    XCTAssertEqual(avgPool2d(example, size: 2).scalars, [3.25, 4.25])
  }

  func testHandComputedGradients() {
    XCTAssertEqual(
      gradient(at: example) { maxPool2d($0, size: 2).sum() }.scalars, [0, 1, 0, 0, 0, 0, 1, 0])
    XCTAssertEqual(
      gradient(at: example) { avgPool2d($0, size: 2).sum() }.scalars,
      .init(repeating: 0.25, count: 8))
    // Overlapping windows that share their maximum send it both gradients.
    let shared = Tensor<Double>(shape: [1, 1, 2, 3], scalars: [0, 5, 0, 0, 0, 0])
    XCTAssertEqual(maxPool2d(shared, size: 2, stride: 1).scalars, [5, 5])
    XCTAssertEqual(
      gradient(at: shared) { maxPool2d($0, size: 2, stride: 1).sum() }.scalars, [0, 2, 0, 0, 0, 0])
  }

  func testTiesGoToTheFirstMaximum() {
    let ties = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [3, 3, 3, 3])
    XCTAssertEqual(gradient(at: ties) { maxPool2d($0, size: 2).sum() }.scalars, [1, 0, 0, 0])
    // The general path (a 2×2 window with stride 1), ties in the second row.
    let lower = Tensor<Double>(shape: [1, 1, 2, 2], scalars: [1, 2, 3, 3])
    XCTAssertEqual(
      gradient(at: lower) { maxPool2d($0, size: 2, stride: 1).sum() }.scalars, [0, 0, 1, 0])
  }

  /// Pooling before rectifying is the same function, gradient included, as after (the rectifier
  /// is increasing): the examples' LeNet pools first, so the rectifier sees a quarter of the
  /// scalars. Windows with negative maxima (gradient 0 both ways) and ties at 0 included.
  func testMaxPoolingCommutesWithTheRectifier() {
    var x = testTensor([2, 3, 6, 6], seed: 21).scalars.map { $0 - 0.3 }
    x.replaceSubrange(0..<4, with: [0, 0, -1, -1])
    let input = Tensor<Double>(shape: [2, 3, 6, 6], scalars: x)
    let weights = testTensor([2, 3, 3, 3], seed: 22)
    let poolFirst = { (x: Tensor<Double>) in (relu(maxPool2d(x, size: 2)) * weights).sum() }
    let rectifyFirst = { (x: Tensor<Double>) in (maxPool2d(relu(x), size: 2) * weights).sum() }
    XCTAssertEqual(poolFirst(input).scalar, rectifyFirst(input).scalar)
    XCTAssertEqual(
      gradient(at: input, in: poolFirst).scalars, gradient(at: input, in: rectifyFirst).scalars)
    let floats = Tensor<Float>(shape: input.shape, scalars: x.map(Float.init))
    XCTAssertEqual(
      relu(maxPool2d(floats, size: 2)).scalars, maxPool2d(relu(floats), size: 2).scalars)
  }

  func testNaNPropagates() {
    let x = Tensor<Double>(shape: [1, 1, 2, 4], scalars: [1, .nan, 2, 0, 3, 4, 8, .nan])
    let y = maxPool2d(x, size: 2).scalars
    XCTAssertTrue(y[0].isNaN && y[1].isNaN, "\(y)")
    // Overlapping windows take the general path: NaN wins there too, and the gradient goes to
    // the NaN.
    let overlapping = maxPool2d(x, size: 2, stride: 1).scalars
    XCTAssertTrue(overlapping.allSatisfy(\.isNaN), "\(overlapping)")
    let dx = gradient(at: x) { maxPool2d($0, size: 2, stride: 1).sum() }.scalars
    XCTAssertEqual(dx.map { $0 == 0 ? 0 : 1 }, [0, 1, 0, 0, 0, 0, 0, 1])
  }

  /// `Float`'s 2×2 pooling runs four windows at a time. On rows of 4 to 9 windows (remainders
  /// included), with many ties (values in steps of ½), NaNs in each lane position and in the
  /// remainder, and a window holding two NaNs, its maxima and the places its gradient goes agree
  /// with a loop over the definition: the first maximum in row-major order, or the first NaN.
  func testFloatFourWindowsAtATimeAgreesWithTheDefinition() {
    for width in 8...19 {
      let (planes, height) = (6, 6)
      var x = (2 * testTensor([2, 3, height, width], seed: UInt64(width))).scalars.map {
        Float(($0 * 2).rounded() / 2)
      }
      // Window column v of window row u of plane p starts at (p·h + 2u)·w + 2v.
      func corner(_ p: Int, _ u: Int, _ v: Int) -> Int { (p * height + 2 * u) * width + 2 * v }
      let windows = width / 2
      for lane in 0..<4 { x[corner(lane, lane % 3, lane) + (lane % 2) * width + lane / 2] = .nan }
      x[corner(4, 1, windows - 1) + width + 1] = .nan  // In the remainder (or the last lane).
      x[corner(5, 2, 1) + 1] = .nan  // Two NaNs in one window.
      x[corner(5, 2, 1) + width] = .nan
      let input = Tensor<Float>(shape: [2, 3, height, width], scalars: x)
      let weights = Tensor<Float>(
        shape: [2, 3, height / 2, windows],
        scalars: (0..<(planes * height / 2 * windows)).map { Float($0 + 1) })
      let y = maxPool2d(input, size: 2).scalars
      let dx = gradient(at: input) { (maxPool2d($0, size: 2) * weights).sum() }.scalars
      var expected = [Float](repeating: 0, count: x.count)
      var output = 0
      for p in 0..<planes {
        for u in 0..<(height / 2) {
          for v in 0..<windows {
            let candidates = [0, 1, width, width + 1].map { corner(p, u, v) + $0 }
            let winner =
              candidates.first { x[$0].isNaN }
              ?? candidates.first { x[$0] == candidates.map { x[$0] }.max()! }!
            XCTAssertEqual(y[output].bitPattern, x[winner].bitPattern, "width \(width)")
            expected[winner] = weights.scalars[output]
            output += 1
          }
        }
      }
      XCTAssertEqual(dx, expected, "width \(width)")
    }
  }

  func testMatchesReferenceLoop() {
    for (i, c) in cases.enumerated() {
      let x = testTensor(c.shape, seed: UInt64(i + 1))
      let stride = c.stride ?? c.size
      let height = (c.shape[2] - c.size) / stride + 1
      let width = (c.shape[3] - c.size) / stride + 1
      let maximum = maxPool2d(x, size: c.size, stride: c.stride)
      let average = avgPool2d(x, size: c.size, stride: c.stride)
      XCTAssertEqual(maximum.shape, [c.shape[0], c.shape[1], height, width], "\(c)")
      XCTAssertEqual(average.shape, maximum.shape, "\(c)")
      XCTAssertEqual(
        maximum.scalars, referencePooling(x, size: c.size, stride: stride) { $0.max()! })
      assertSameScalars(
        average.scalars,
        referencePooling(x, size: c.size, stride: stride) { $0.reduce(0, +) / Double($0.count) },
        "avgPool2d \(c)", 1e-14)
    }
  }

  func testGradients() {
    for (i, c) in cases.enumerated() {
      let x = testTensor(c.shape, seed: UInt64(i + 1))
      let weights = testTensor(maxPool2d(x, size: c.size, stride: c.stride).shape, seed: 99)
      assertGradientIsCorrect(at: x) { x in
        let y = maxPool2d(x, size: c.size, stride: c.stride)
        return (weights * y * y).sum()
      }
      assertGradientIsCorrect(at: x) { x in
        let y = avgPool2d(x, size: c.size, stride: c.stride)
        return (weights * y * y).sum()
      }
    }
  }

  func testHessianVectorProducts() {
    for (i, c) in cases.enumerated() {
      let x = testTensor(c.shape, seed: UInt64(i + 1))
      let v = testTensor(c.shape, seed: UInt64(i + 50))
      let weights = testTensor(maxPool2d(x, size: c.size, stride: c.stride).shape, seed: 99)
      assertHessianVectorProductIsCorrect(at: x, along: v) { x in
        (weights * exp(maxPool2d(x, size: c.size, stride: c.stride))).sum()
      }
      assertHessianVectorProductIsCorrect(at: x, along: v) { x in
        (weights * exp(avgPool2d(x, size: c.size, stride: c.stride))).sum()
      }
    }
  }

  /// Large inputs are pooled in parallel parts (of planes); the cuts must not show: each plane
  /// pooled alone gives the same values and gradients.
  func testLargeInputsSplitIntoParts() {
    for (shape, size, stride) in [([2, 8, 64, 64], 2, 2), ([2, 8, 45, 45], 3, 2)] {
      let x = testTensor(shape, seed: 5)
      let planeSize = shape[2] * shape[3]
      let planes = (0..<(shape[0] * shape[1])).map { p in
        Tensor(
          shape: [1, 1, shape[2], shape[3]],
          scalars: Array(x.scalars[(p * planeSize)..<((p + 1) * planeSize)]))
      }
      for pool in [maxPool2d, avgPool2d] as [(Tensor<Double>, Int, Int?) -> Tensor<Double>] {
        let y = pool(x, size, stride)
        let weights = testTensor(y.shape, seed: 6)
        let dx = gradient(at: x) { (pool($0, size, stride) * weights).sum() }
        let outputSize = y.scalarCount / planes.count
        var (values, gradients): ([Double], [Double]) = ([], [])
        for (p, plane) in planes.enumerated() {
          let part = Tensor(
            shape: [1, 1, y.shape[2], y.shape[3]],
            scalars: Array(weights.scalars[(p * outputSize)..<((p + 1) * outputSize)]))
          values += pool(plane, size, stride).scalars
          gradients += gradient(at: plane) { (pool($0, size, stride) * part).sum() }.scalars
        }
        XCTAssertEqual(y.scalars, values, "\(shape), size \(size)")
        XCTAssertEqual(dx.scalars, gradients, "\(shape), size \(size)")
      }
    }
  }

  /// A LeNet block, convolution then pooling, differentiated twice in the filter.
  func testHessianVectorProductThroughConvolutionAndPooling() {
    let x = testTensor([2, 1, 8, 8], seed: 1)
    let k = testTensor([3, 1, 3, 3], seed: 2)
    let v = testTensor([3, 1, 3, 3], seed: 3)
    assertHessianVectorProductIsCorrect(at: k, along: v) { k in
      let y = maxPool2d(conv2d(x, filter: k, padding: 1), size: 2)
      return (y * y).sum() + avgPool2d(exp(y), size: 2).sum()
    }
  }

  func testFloat() {
    let x = testTensor([2, 3, 6, 5], seed: 4)
    let float = Tensor<Float>(shape: x.shape, scalars: x.scalars.map(Float.init))
    XCTAssertEqual(
      maxPool2d(float, size: 2).scalars, maxPool2d(x, size: 2).scalars.map(Float.init))
    assertSameScalars(
      avgPool2d(float, size: 3, stride: 1).scalars.map(Double.init),
      avgPool2d(x, size: 3, stride: 1).scalars, "avgPool2d", 1e-6)
    let floatGradient = gradient(at: float) { avgPool2d(maxPool2d($0, size: 2), size: 2).sum() }
    let doubleGradient = gradient(at: x) { avgPool2d(maxPool2d($0, size: 2), size: 2).sum() }
    XCTAssertEqual(floatGradient.scalars, doubleGradient.scalars.map(Float.init))
  }

  /// An empty batch pools to an empty batch, forward and backward (to second order).
  func testEmptyBatch() {
    let x = Tensor<Double>(shape: [0, 2, 4, 4], scalars: [])
    XCTAssertEqual(maxPool2d(x, size: 2).shape, [0, 2, 2, 2])
    XCTAssertEqual(gradient(at: x) { maxPool2d($0, size: 2).sum() }.shape, [0, 2, 4, 4])
    let v = Tensor<Double>(shape: [0, 2, 4, 4], scalars: [])
    XCTAssertEqual(
      hessianVectorProduct(at: x, along: v) {
        (maxPool2d($0, size: 2) * maxPool2d($0, size: 2)).sum()
      }
      .shape, [0, 2, 4, 4])
  }

  func testPreconditions() {
    let x = Tensor<Double>.zeros(shape: [1, 1, 4, 3])
    assertPreconditionFailure(self, containing: "maxPool2d: input must be NCHW", "[4, 3]") {
      _ = maxPool2d(Tensor<Double>.zeros(shape: [4, 3]), size: 2)
    }
    assertPreconditionFailure(self, containing: "avgPool2d: size must be at least 1, got 0") {
      _ = avgPool2d(x, size: 0)
    }
    assertPreconditionFailure(self, containing: "maxPool2d: stride must be at least 1, got 0") {
      _ = maxPool2d(x, size: 2, stride: 0)
    }
    assertPreconditionFailure(
      self, containing: "avgPool2d: the 4×4 window is larger than the 4×3 input"
    ) {
      _ = avgPool2d(x, size: 4)
    }
  }
}
