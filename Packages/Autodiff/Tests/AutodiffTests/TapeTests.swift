import XCTest
import _TestSupport

@testable import Autodiff

/// The tape's own buffer of nodes: growing past the room reserved for it, and growing while it
/// is being run backwards.
final class TapeTests: XCTestCase {
  /// A chain of a thousand operations, after a short tape (so little room is reserved) and again
  /// (room for all of it): every node is kept, the derivative is the closed form's.
  func testLongTapesGrowAndKeepEveryNode() {
    _ = gradient(at: Tensor<Double>([1])) { $0.sum() }
    let x = Tensor<Double>([0.5, -1, 2])
    for _ in 0..<2 {
      let g = gradient(at: x) { x in
        var y = x
        for _ in 0..<500 { y = y * 1.001 + x }
        return y.sum()
      }
      // y₅₀₀ = x · (1.001⁵⁰⁰ + Σ_{k<500} 1.001ᵏ), the same for every element.
      let slope = pow(1.001, 500) + (pow(1.001, 500) - 1) / 0.001
      assertSameScalars(g.scalars, [slope, slope, slope], "d/dx of the chain", 1e-9)
    }
  }

  /// When the tape is freed, so are the tensors its nodes held, in the buffers it outgrew too.
  func testAFreedTapeReleasesEveryNodesTensors() {
    _ = gradient(at: Tensor<Double>([1])) { $0.sum() }
    weak var early: TensorStorage<Double>?
    weak var late: TensorStorage<Double>?
    _ = gradient(at: Tensor<Double>([0.5, -1, 2])) { x in
      var y = x * 1.5
      early = y.storage  // a node's value, copied into every larger buffer
      for _ in 0..<100 { y = y * 1.001 + x }
      late = y.storage
      return y.sum()
    }
    XCTAssertNil(early, "a tensor of a node in an outgrown buffer")
    XCTAssertNil(late, "a tensor of a node in the last buffer")
  }

  /// A pullback that computes with a tensor recorded on the tape being run (a misuse: it
  /// captured it) records on that tape, hundreds of nodes past its room, while the tape's nodes
  /// are being read: the nodes already read stay valid and the gradient is right. (Freeing and
  /// overwriting an outgrown buffer made this crash. The captured tensor keeps its tape alive:
  /// a reference cycle, as any pullback capturing a recorded tensor makes.)
  func testAPullbackRecordingOnItsOwnTapeMayGrowIt() {
    _ = gradient(at: Tensor<Double>([1])) { $0.sum() }
    let x = Tensor<Double>([1, 2, 3])
    let g = gradient(at: x) { x in
      let captured = x * 2
      let tripled = differentiableOperation(of: x, value: x.withoutDerivative() * 3) { g, _, _ in
        var recorded = captured
        for _ in 0..<300 { recorded = recorded + captured }
        return g * 3 + (recorded - recorded).withoutDerivative()
      }
      return (tripled * x).sum()
    }
    // d/dx Σ 3x·x = 6x.
    XCTAssertEqual(g.scalars, [6, 12, 18])
  }
}
