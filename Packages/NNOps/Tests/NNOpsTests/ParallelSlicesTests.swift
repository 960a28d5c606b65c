import NNOps
import XCTest
import _TestSupport

/// Elementwise kernels and pooling's scatter run in parallel slices on large tensors: the results
/// must be those of the same kernels on small pieces, which run in one piece.
final class ParallelSlicesTests: XCTestCase {
  /// `tensor`'s scalars `range`, as a tensor of their own (small enough to run in one slice).
  private func piece(_ tensor: Tensor<Double>, _ range: Range<Int>) -> Tensor<Double> {
    Tensor(shape: [range.count], scalars: Array(tensor.scalars[range]))
  }

  func testLargeActivationsAgreeWithSmallPieces() {
    let count = (1 << 18) + 3
    let x = 4 * testTensor([count], seed: 1)
    let pieces = stride(from: 0, to: count, by: 1000).map { $0..<Swift.min($0 + 1000, count) }
    for (name, f) in [("relu", relu), ("tanh", tanh), ("sigmoid", sigmoid), ("gelu", { gelu($0) })]
      as [(String, (Tensor<Double>) -> Tensor<Double>)]
    {
      XCTAssertEqual(f(x).scalars, pieces.flatMap { f(piece(x, $0)).scalars }, name)
    }
  }

  func testLargeRectifierGradientIsTheStep() {
    let count = (1 << 18) + 5
    let (x, w) = (testTensor([count], seed: 2), testTensor([count], seed: 3))
    let dx = gradient(at: x) { x in (relu(x) * w).sum() }
    XCTAssertEqual(dx.scalars, zip(x.scalars, w.scalars).map { $0 > 0 ? $1 : 0 })
  }

  /// 128 planes of 64×64 (2¹⁹ inputs): pooled, and pulled back, in parallel parts of planes.
  func testLargeMaxPoolingAgreesPlaneByPlane() {
    let x = testTensor([8, 16, 64, 64], seed: 4)
    let w = testTensor([8, 16, 32, 32], seed: 5)
    let dx = gradient(at: x) { x in (maxPool2d(x, size: 2) * w).sum() }
    let (inputPlane, outputPlane) = (64 * 64, 32 * 32)
    var values: [Double] = []
    var gradients: [Double] = []
    for p in 0..<128 {
      let plane = piece(x, (p * inputPlane)..<((p + 1) * inputPlane)).reshaped(to: [1, 1, 64, 64])
      let weights = piece(w, (p * outputPlane)..<((p + 1) * outputPlane))
        .reshaped(to: [1, 1, 32, 32])
      values += maxPool2d(plane, size: 2).scalars
      gradients +=
        gradient(at: plane) { plane in (maxPool2d(plane, size: 2) * weights).sum() }
        .scalars
    }
    XCTAssertEqual(maxPool2d(x, size: 2).scalars, values)
    XCTAssertEqual(dx.scalars, gradients)
  }
}
