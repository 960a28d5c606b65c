import Autodiff
import XCTest

/// Tensors' scalars start on a cache line, whatever their size and however they were made, so
/// that kernels reading them a cache line at a time never straddle two.
final class TensorStorageTests: XCTestCase {
  private func assertCacheLineAligned<Scalar>(_ tensor: Tensor<Scalar>, _ name: String) {
    tensor.withUnsafeBufferPointer { scalars in
      guard let base = scalars.baseAddress else { return }
      XCTAssertEqual(UInt(bitPattern: base) % 64, 0, name)
    }
  }

  private func check<Scalar: TensorScalar>(_: Scalar.Type) {
    for count in [1, 2, 3, 15, 16, 17, 1000, 20_000] {
      let name = "\(count) \(Scalar.self)"
      let made = Tensor<Scalar>(shape: [count], scalars: (0..<count).map { Scalar($0) })
      assertCacheLineAligned(made, "from scalars, \(name)")
      assertCacheLineAligned(made + made, "a result, \(name)")
      var copied = made
      copied.withUnsafeMutableBufferPointer { $0[0] = -1 }  // copy on write
      assertCacheLineAligned(copied, "copied on write, \(name)")
      XCTAssertEqual(made.scalars, (0..<count).map { Scalar($0) }, name)
      XCTAssertEqual(copied.scalars, [-1] + (1..<count).map { Scalar($0) }, name)
    }
  }

  func testScalarsStartOnACacheLine() {
    check(Float.self)
    check(Double.self)
  }
}
