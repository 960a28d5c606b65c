import NNOps
import XCTest
import _TestSupport

final class LinearTests: XCTestCase {
  func testDocumentedExample() {
    let x = Tensor<Float>(shape: [1, 2], scalars: [1, 2])
    let w = Tensor<Float>(shape: [3, 2], scalars: [1, 0, 0, 1, 1, 1])
    XCTAssertEqual(linear(x, weight: w, bias: Tensor([0, 0, 10])).scalars, [1, 2, 13])
  }

  func testMatchesMatmulPlusBias() {
    let x = testTensor([5, 4], seed: 1)
    let w = testTensor([3, 4], seed: 2)
    let b = testTensor([3], seed: 3)
    let expected = naiveMatmul(x, w.transposed())
      .enumerated().map { $0.element + b.scalars[$0.offset % 3] }
    assertSameScalars(linear(x, weight: w, bias: b).scalars, expected, "x·wᵀ + b", 1e-12)
    assertSameScalars(
      linear(x, weight: w).scalars, naiveMatmul(x, w.transposed()), "no bias", 1e-12)
  }

  /// The bias is copied to the first row and then doubled: every batch size, powers of two and
  /// not, gets it in every row, and an empty batch gets an empty result.
  func testBiasReachesEveryRowOfAnyBatch() {
    let w = testTensor([3, 4], seed: 2)
    let b = testTensor([3], seed: 3)
    for batch in [0, 1, 2, 3, 4, 5, 7, 8, 9, 300] {
      let x = testTensor([batch, 4], seed: UInt64(batch))
      let expected = naiveMatmul(x, w.transposed())
        .enumerated().map { $0.element + b.scalars[$0.offset % 3] }
      let y = linear(x, weight: w, bias: b)
      XCTAssertEqual(y.shape, [batch, 3])
      assertSameScalars(y.scalars, expected, "batch \(batch)", 1e-12)
    }
  }

  func testGradients() {
    let x = testTensor([3, 4], seed: 1)
    let w = testTensor([2, 4], seed: 2)
    let b = testTensor([2], seed: 3)
    let r = testTensor([3, 2], seed: 4)
    assertGradientIsCorrect(at: x) { x in (linear(x, weight: w, bias: b) * r).sum() }
    assertGradientIsCorrect(at: w) { w in (linear(x, weight: w, bias: b) * r).sum() }
    assertGradientIsCorrect(at: b) { b in (linear(x, weight: w, bias: b) * r).sum() }
    assertGradientIsCorrect(at: testTensor([1, 4], seed: 9)) { x in
      (linear(x, weight: w) * r[0..<1]).sum()
    }
    assertHessianVectorProductIsCorrect(at: w, along: testTensor([2, 4], seed: 5)) { w in
      let y = linear(x, weight: w, bias: b)
      return (y * y * y).sum()
    }
  }

  func testShapeErrors() {
    assertPreconditionFailure(self, containing: "x has 3 features", "[2, 4]") {
      _ = linear(Tensor<Float>.zeros(shape: [1, 3]), weight: Tensor.zeros(shape: [2, 4]))
    }
    assertPreconditionFailure(self, containing: "bias has shape [3], expected [2]") {
      _ = linear(
        Tensor<Float>.zeros(shape: [1, 4]), weight: Tensor.zeros(shape: [2, 4]),
        bias: Tensor.zeros(shape: [3]))
    }
  }
}
