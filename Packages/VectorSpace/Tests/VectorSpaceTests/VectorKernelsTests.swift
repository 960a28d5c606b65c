import Parallelism
import XCTest

@testable import VectorSpace

final class VectorKernelsTests: XCTestCase {
  private var savedCount = 1

  override func setUp() { savedCount = KernelThreads.count }
  override func tearDown() { KernelThreads.setCount(savedCount) }

  /// Vectors long enough to run in parallel slices (and a short one, which does not) give the
  /// same bits on one thread as on two, and the bits of the definition element by element.
  func testElementwiseKernelsGiveTheSameBitsOnAnyNumberOfThreads() {
    for count in [VectorKernels.parallelLength - 1, 3 * VectorKernels.parallelLength + 7] {
      let a = (0..<count).map { Float(($0 * 7919) % 1000) / 37 - 13 }
      let b = (0..<count).map { Float(($0 * 104_729) % 997) / 91 + 1 }
      func results() -> [[Float]] {
        var axpy = b
        var scaled = b
        var combined = b
        var difference = b
        a.withUnsafeBufferPointer { a in
          b.withUnsafeBufferPointer { b in
            axpy.withUnsafeMutableBufferPointer {
              VectorKernels.axpy(a, scaledBy: 0.3, into: $0)
            }
            scaled.withUnsafeMutableBufferPointer { VectorKernels.scale(a, by: -1.7, into: $0) }
            combined.withUnsafeMutableBufferPointer {
              VectorKernels.linearCombination(a, b, scaledBy: 2.5, into: $0)
            }
            difference.withUnsafeMutableBufferPointer {
              VectorKernels.linearCombination(a, b, scaledBy: -1, into: $0)
            }
          }
        }
        return [axpy, scaled, combined, difference]
      }
      KernelThreads.setCount(1)
      let serial = results()
      KernelThreads.setCount(2)
      let parallel = results()
      XCTAssertEqual(parallel, serial, "\(count)")
      for i in [0, count / 2, count - 1] {
        XCTAssertEqual(serial[0][i], b[i] + 0.3 * a[i])
        XCTAssertEqual(serial[1][i], -1.7 * a[i])
        XCTAssertEqual(serial[2][i], a[i] + 2.5 * b[i])
        XCTAssertEqual(serial[3][i], a[i] - b[i])
      }
    }
  }
}
