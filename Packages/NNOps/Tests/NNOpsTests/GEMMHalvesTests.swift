import XCTest
import _TestSupport

@testable import NNOps

/// Products in the range that `GEMM` computes in two halves on two threads.
final class GEMMHalvesTests: XCTestCase {
  /// Every transpose, split by rows (more rows than columns) and by columns, odd sizes so the
  /// halves differ: the same values as the plain loop, and as one call on one thread.
  func testHalvesMatchTheNaiveLoopForEveryTranspose() {
    let previous = KernelThreads.count
    defer { KernelThreads.setCount(previous) }
    for (m, k, n) in [(301, 97, 80), (71, 97, 307)] {
      XCTAssertTrue((GEMM.splitWork..<GEMM.parallelWork).contains(m * n * k), "split in halves")
      let a = testTensor([m, k], seed: 1)
      let b = testTensor([k, n], seed: 2)
      let reference = naiveMatmul(a, b)
      let (at, bt) = (a.transposed(), b.transposed())
      let products = {
        [
          matmul(a, b), matmul(at, transposed: true, b, transposed: false),
          matmul(a, transposed: false, bt, transposed: true),
          matmul(at, transposed: true, bt, transposed: true),
        ]
      }
      KernelThreads.setCount(2)
      let split = products()
      KernelThreads.setCount(1)
      let whole = products()
      for (index, (product, single)) in zip(split, whole).enumerated() {
        XCTAssertEqual(product.shape, [m, n])
        assertSameScalars(product.scalars, reference, "\(m)×\(k)×\(n), case \(index)", 1e-10)
        assertSameScalars(product.scalars, single.scalars, "split vs one call", 1e-12)
      }
    }
  }

  func testHalvesAccumulateIntoTheBias() {
    let previous = KernelThreads.count
    defer { KernelThreads.setCount(previous) }
    KernelThreads.setCount(2)
    XCTAssertTrue((GEMM.splitWork..<GEMM.parallelWork).contains(300 * 81 * 100), "split in halves")
    let x = testTensor([300, 100], seed: 3)
    let w = testTensor([81, 100], seed: 4)
    let bias = testTensor([81], seed: 5)
    let y = linear(x, weight: w, bias: bias)
    let reference = naiveMatmul(x, w.transposed())
    let expected = reference.indices.map { reference[$0] + bias.scalars[$0 % 81] }
    assertSameScalars(y.scalars, expected, "x·wᵀ + b in halves", 1e-10)
  }
}
