import NNOps
import XCTest
import _TestSupport

/// A plain triple loop: the reference the CBLAS path is checked against.
func naiveMatmul(_ a: Tensor<Double>, _ b: Tensor<Double>) -> [Double] {
  let (m, k, n) = (a.shape[0], a.shape[1], b.shape[1])
  let (x, y) = (a.scalars, b.scalars)
  var result = [Double](repeating: 0, count: m * n)
  for i in 0..<m {
    for j in 0..<n {
      for p in 0..<k { result[i * n + j] += x[i * k + p] * y[p * n + j] }
    }
  }
  return result
}

final class MatrixMultiplicationTests: XCTestCase {
  func testDocumentedExample() {
    let a = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
    let product = matmul(a, Tensor(shape: [2, 1], scalars: [1, 1]))
    XCTAssertEqual(product.shape, [2, 1])
    XCTAssertEqual(product.scalars, [3, 7])
  }

  func testValuesMatchTheNaiveLoopForEveryTranspose() {
    let a = testTensor([5, 3], seed: 1)
    let b = testTensor([3, 4], seed: 2)
    let reference = naiveMatmul(a, b)
    assertSameScalars(matmul(a, b).scalars, reference, "a·b", 1e-12)
    let at = a.transposed()
    let bt = b.transposed()
    assertSameScalars(
      matmul(at, transposed: true, b, transposed: false).scalars, reference, "(aᵀ)ᵀ·b", 1e-12)
    assertSameScalars(
      matmul(a, transposed: false, bt, transposed: true).scalars, reference, "a·(bᵀ)ᵀ", 1e-12)
    assertSameScalars(
      matmul(at, transposed: true, bt, transposed: true).scalars, reference, "both", 1e-12)
  }

  func testGradientsForEveryTranspose() {
    let a = testTensor([4, 3], seed: 1)
    let b = testTensor([3, 2], seed: 2)
    let w = testTensor([4, 2], seed: 3)
    assertGradientIsCorrect(at: a) { a in (matmul(a, b) * w).sum() }
    assertGradientIsCorrect(at: b) { b in (matmul(a, b) * w).sum() }
    let at = a.transposed()
    let bt = b.transposed()
    assertGradientIsCorrect(at: at) { at in
      (matmul(at, transposed: true, b, transposed: false) * w).sum()
    }
    assertGradientIsCorrect(at: bt) { bt in
      (matmul(a, transposed: false, bt, transposed: true) * w).sum()
    }
    assertGradientIsCorrect(at: bt) { bt in
      (matmul(at, transposed: true, bt, transposed: true) * w).sum()
    }
    assertGradientIsCorrect(at: at) { at in
      (matmul(at, transposed: true, bt, transposed: true) * w).sum()
    }
  }

  func testSecondDerivativesAreExact() {
    let a = testTensor([3, 3], seed: 1)
    let v = testTensor([3, 3], seed: 2)
    assertHessianVectorProductIsCorrect(at: a, along: v) { a in
      let product = matmul(a, a)
      return (product * product).sum()
    }
  }

  func testOddShapes() {
    let row = testTensor([1, 7], seed: 4)
    let column = testTensor([7, 1], seed: 5)
    assertSameScalars(matmul(row, column).scalars, naiveMatmul(row, column), "1×7 · 7×1", 1e-12)
    XCTAssertEqual(
      matmul(Tensor<Float>.zeros(shape: [2, 0]), Tensor.zeros(shape: [0, 3])).scalars,
      [0, 0, 0, 0, 0, 0])
  }

  func testShapeErrorsNameTheShapes() {
    assertPreconditionFailure(self, containing: "inner dimensions differ", "[2, 3]", "[2, 3]") {
      _ = matmul(Tensor<Float>.zeros(shape: [2, 3]), Tensor.zeros(shape: [2, 3]))
    }
    assertPreconditionFailure(self, containing: "expected two matrices") {
      _ = matmul(Tensor<Float>.zeros(shape: [3]), Tensor.zeros(shape: [3, 1]))
    }
  }
}
