import XCTest

@testable import NNOps

/// Which layout the convolution tests exercise: the tests of `ConvolutionTests` cover both only
/// if their sizes fall on both sides of `ConvolutionLowering.directWork`.
final class ConvolutionLoweringTests: XCTestCase {
  private func lowering(
    _ input: [Int], _ filter: [Int], stride: Int = 1, padding: Int = 0
  ) -> ConvolutionLowering {
    ConvolutionLowering(
      ConvolutionGeometry(input: input, filter: filter, stride: stride, padding: padding),
      batch: input[0])
  }

  func testLargeImagesAreLoweredOneAtATimeInPlace() {
    // LeNet's layers and the large cases of ConvolutionTests.
    for l in [
      lowering([128, 1, 28, 28], [6, 1, 5, 5]), lowering([128, 6, 12, 12], [16, 6, 5, 5]),
      lowering([2, 2, 10, 10], [40, 2, 3, 3], padding: 1),
      lowering([2, 1, 17, 17], [96, 1, 3, 3], stride: 2, padding: 1),
    ] {
      XCTAssertTrue(l.isDirect, "\(l.g)")
      XCTAssertFalse(l.isWide, "\(l.g)")
      XCTAssertEqual(l.chunk, 1)
      XCTAssertEqual(l.columns, l.g.outputPlane)
    }
  }

  func testSmallImagesAreLoweredInChunks() {
    // The small cases of ConvolutionTests' chunk test: wide with stride 1, narrow otherwise.
    let wide = lowering([700, 1, 6, 6], [2, 1, 3, 3], padding: 1)
    XCTAssertFalse(wide.isDirect)
    XCTAssertTrue(wide.isWide)
    XCTAssertGreaterThan(wide.chunk, 1)
    XCTAssertLessThan(wide.chunk, 700)
    // ConvolutionTests' large gradients: a partial last chunk of the wide layout.
    let partial = lowering([5, 16, 4, 4], [16, 16, 3, 3], padding: 1)
    XCTAssertTrue(partial.isWide)
    XCTAssertFalse(partial.isDirect)
    XCTAssertNotEqual(5 % partial.chunk, 0)
    let strided = lowering([700, 1, 19, 19], [2, 1, 3, 3], stride: 2)
    XCTAssertFalse(strided.isDirect)
    XCTAssertFalse(strided.isWide)
    XCTAssertGreaterThan(strided.chunk, 1)
  }
}
