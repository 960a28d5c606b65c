import NNOps
import XCTest
import _TestSupport

final class KernelThreadsTests: XCTestCase {
  private var savedCount = 1

  override func setUp() { savedCount = KernelThreads.count }
  override func tearDown() { KernelThreads.setCount(savedCount) }

  func testDocumentationExample() {
    KernelThreads.setCount(1)
    XCTAssertEqual(KernelThreads.count, 1)
    KernelThreads.setCount(3)
    XCTAssertEqual(KernelThreads.count, 3)
  }

  func testTheDefaultIsAtLeastOneThread() {
    XCTAssertGreaterThanOrEqual(savedCount, 1)
  }

  /// The kernels split their work by shape, not by thread count: convolution (whose filter
  /// gradient sums over parallel parts) and pooling give the same bits on one thread as on
  /// several, and a product large enough for OpenBLAS's threads agrees to rounding.
  func testResultsDoNotDependOnTheThreadCount() {
    let x = testTensor([64, 2, 10, 10], seed: 1)
    let k = testTensor([3, 2, 3, 3], seed: 2)
    // Images convolved one at a time in parallel parts, with a bias gradient summed in parts,
    // and a ReLU and a pooling large enough to run in parallel slices.
    let (images, filter, bias) = (
      testTensor([16, 1, 20, 20], seed: 5), testTensor([40, 1, 3, 3], seed: 6),
      testTensor([40], seed: 7)
    )
    // 512·256·512 = 2²⁶ multiply–adds: just large enough to run on OpenBLAS's threads.
    let a = testTensor([512, 512], seed: 3)
    let b = testTensor([512, 256], seed: 4)
    func results() -> [[Double]] {
      let (dx, dk) = gradient(at: x, k) { x, k in
        (maxPool2d(relu(conv2d(x, filter: k, padding: 1)), size: 2) * 0.5).sum()
      }
      let large = gradient(at: [images, filter, bias]) { p in
        (maxPool2d(relu(conv2d(p[0], filter: p[1], bias: p[2])), size: 2) * 0.5).sum()
      }
      return [dx.scalars, dk.scalars, maxPool2d(x, size: 2).scalars, matmul(a, b).scalars]
        + large.map(\.scalars)
    }
    KernelThreads.setCount(1)
    let one = results()
    for threads in [2, 3] {
      KernelThreads.setCount(threads)
      let several = results()
      XCTAssertEqual(several[0], one[0], "input gradient, \(threads) threads")
      XCTAssertEqual(several[1], one[1], "filter gradient, \(threads) threads")
      XCTAssertEqual(several[2], one[2], "max pooling, \(threads) threads")
      assertSameScalars(several[3], one[3], "matmul, \(threads) threads", 1e-12)
      XCTAssertEqual(several[4...], one[4...], "large convolution, \(threads) threads")
    }
  }

  func testPreconditions() {
    assertPreconditionFailure(self, containing: "count must be at least 1, got 0") {
      KernelThreads.setCount(0)
    }
  }
}
