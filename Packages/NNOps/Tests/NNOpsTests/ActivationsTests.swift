import Foundation
import NNOps
import XCTest
import _TestSupport

final class ActivationsTests: XCTestCase {
  /// Reference formulas, written directly from the definitions (and, for the unstable ones,
  /// used only where they do not overflow).
  private let references: [(String, (Tensor<Double>) -> Tensor<Double>, (Double) -> Double)] = [
    ("relu", { relu($0) }, { Swift.max($0, 0) }),
    ("leakyRelu", { leakyRelu($0) }, { $0 < 0 ? 0.01 * $0 : $0 }),
    ("leakyRelu 0.2", { leakyRelu($0, negativeSlope: 0.2) }, { $0 < 0 ? 0.2 * $0 : $0 }),
    ("sigmoid", { sigmoid($0) }, { 1 / (1 + Foundation.exp(-$0)) }),
    ("tanh", { tanh($0) }, { Foundation.tanh($0) }),
    ("softplus", { softplus($0) }, { Foundation.log(1 + Foundation.exp($0)) }),
    ("elu", { elu($0) }, { $0 > 0 ? $0 : Foundation.exp($0) - 1 }),
    ("elu 0.5", { elu($0, alpha: 0.5) }, { $0 > 0 ? $0 : 0.5 * (Foundation.exp($0) - 1) }),
    ("gelu", { gelu($0) }, { 0.5 * $0 * (1 + Foundation.erf($0 / 2.0.squareRoot())) }),
    (
      "gelu tanh", { gelu($0, approximateTanh: true) },
      {
        0.5 * $0
          * (1 + Foundation.tanh((2 / Double.pi).squareRoot() * ($0 + 0.044715 * $0 * $0 * $0)))
      }
    ),
    ("silu", { silu($0) }, { $0 / (1 + Foundation.exp(-$0)) }),
  ]

  /// Points about [-4, 4], each at least 0.1 from 0 (the kinks of relu, leakyRelu and elu).
  private func awayFromZero(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
    let x = testTensor(shape, seed: seed) * 4
    return Tensor(shape: shape, scalars: x.scalars.map { $0 < 0 ? $0 - 0.1 : $0 + 0.1 })
  }

  func testDocumentationExamples() {
    XCTAssertEqual(relu(Tensor<Double>([-2, 0, 3])).scalars, [0, 0, 3])
    XCTAssertEqual(gradient(at: Tensor<Double>([-2, 0, 3])) { relu($0).sum() }.scalars, [0, 0, 1])
    XCTAssertEqual(leakyRelu(Tensor<Double>([-2, 3])).scalars, [-0.02, 3])
    XCTAssertEqual(leakyRelu(Tensor<Double>([-2, 3]), negativeSlope: 0.5).scalars, [-1, 3])
    XCTAssertEqual(sigmoid(Tensor<Double>([-1000, 0, 1000])).scalars, [0, 0.5, 1])
    XCTAssertEqual(tanh(Tensor<Double>([0, 1])).scalars, [0, 0.7615941559557649])
    XCTAssertEqual(
      softplus(Tensor<Double>([-1000, 0, 1000])).scalars, [0, 0.6931471805599453, 1000])
    XCTAssertEqual(elu(Tensor<Double>([-1, 2])).scalars, [-0.6321205588285577, 2])
    XCTAssertEqual(gelu(Tensor<Double>([1])).scalar, 0.8413447460685429)
    XCTAssertEqual(gelu(Tensor<Double>([1]), approximateTanh: true).scalar, 0.8411919906082768)
    XCTAssertEqual(silu(Tensor<Double>([-1000, 0, 1])).scalars, [0, 0, 0.7310585786300049])
  }

  func testValuesMatchTheirDefinitions() {
    let x = awayFromZero([3, 5], seed: 1)
    for (name, op, reference) in references {
      let y = op(x)
      XCTAssertEqual(y.shape, x.shape, name)
      assertSameScalars(y.scalars, x.scalars.map(reference), name, 1e-14)
    }
    // Exactly at the kinks.
    let zero = Tensor<Double>([0])
    for (name, op, reference) in references {
      assertSameScalars(op(zero).scalars, [reference(0)], "\(name) at 0", 1e-15)
    }
  }

  func testValuesComputedByPython() {
    // Python's math module (the formulas PyTorch documents), float64.
    assertSameScalars(
      gelu(Tensor<Double>([1, -1])).scalars, [0.8413447460685429, -0.15865525393145707], "gelu",
      1e-15)
    assertSameScalars(
      sigmoid(Tensor<Double>([1])).scalars, [0.7310585786300049], "sigmoid", 1e-15)
    assertSameScalars(
      softplus(Tensor<Double>([1])).scalars, [1.3132616875182228], "softplus", 1e-15)
    // Far in the negative tail, ½x(1 + erf(x/√2)) cancels to 0; the erfc form keeps the value.
    let tail = gelu(Tensor<Double>([-10])).scalar
    XCTAssertEqual(tail, -7.619853024160593e-23, accuracy: 1e-36)
  }

  func testExtremeInputsNeitherOverflowNorGiveNaN() {
    let x = Tensor<Double>([-1000, 1000])
    XCTAssertEqual(sigmoid(x).scalars, [0, 1])
    XCTAssertEqual(softplus(x).scalars, [0, 1000])
    XCTAssertEqual(tanh(x).scalars, [-1, 1])
    XCTAssertEqual(elu(x).scalars, [-1, 1000])
    XCTAssertEqual(gelu(x).scalars, [0, 1000])
    XCTAssertEqual(gelu(x, approximateTanh: true).scalars, [0, 1000])
    XCTAssertEqual(silu(x).scalars, [0, 1000])
    XCTAssertEqual(gradient(at: x) { softplus($0).sum() }.scalars, [0, 1])
    XCTAssertEqual(gradient(at: x) { sigmoid($0).sum() }.scalars, [0, 0])
    XCTAssertEqual(gradient(at: x) { silu($0).sum() }.scalars, [0, 1])
    XCTAssertEqual(gradient(at: x) { gelu($0).sum() }.scalars, [0, 1])
    let xf = Tensor<Float>([-1000, 1000])
    XCTAssertEqual(sigmoid(xf).scalars, [0, 1])
    XCTAssertEqual(softplus(xf).scalars, [0, 1000])
    XCTAssertEqual(silu(xf).scalars, [0, 1000])
  }

  func testNaNPropagates() {
    let nan = Tensor<Double>([.nan])
    for (name, op, _) in references {
      XCTAssertTrue(op(nan).scalar.isNaN, name)
    }
  }

  func testGradientsMatchFiniteDifferences() {
    let weights = testTensor([3, 5], seed: 2)
    for seed: UInt64 in [1, 3] {
      let x = awayFromZero([3, 5], seed: seed)
      for (name, op, _) in references {
        let report = checkGradient(at: x) { x in (op(x) * weights).sum() }
        XCTAssertTrue(report.passes(tolerance: 1e-6), "\(name): \(report)")
      }
    }
  }

  func testGradientsOnOddShapes() {
    for shape in [[], [1], [2, 1, 3]] {
      let x = awayFromZero(shape, seed: 4)
      for (name, op, _) in references {
        let y = op(x)
        XCTAssertEqual(y.shape, shape, name)
        let report = checkGradient(at: x) { x in (op(x) * op(x)).sum() }
        XCTAssertTrue(report.passes(tolerance: 1e-6), "\(name) on \(shape): \(report)")
      }
    }
    let empty = Tensor<Double>(shape: [2, 0], scalars: [])
    for (name, op, _) in references {
      XCTAssertEqual(op(empty).shape, [2, 0], name)
    }
  }

  func testGradientsAtTheKinksFollowPyTorch() {
    let x = Tensor<Double>([-1, 0, 1])
    XCTAssertEqual(gradient(at: x) { relu($0).sum() }.scalars, [0, 0, 1])
    XCTAssertEqual(
      gradient(at: x) { leakyRelu($0, negativeSlope: 0.2).sum() }.scalars, [0.2, 0.2, 1])
    assertSameScalars(
      gradient(at: x) { elu($0, alpha: 0.5).sum() }.scalars, [0.5 * Foundation.exp(-1), 0.5, 1],
      "elu", 1e-15)
  }

  func testHessianVectorProductsOfTheSmoothActivations() {
    let x = awayFromZero([2, 3], seed: 5)
    let v = testTensor([2, 3], seed: 6)
    let weights = testTensor([2, 3], seed: 7)
    // The second derivative of elu is continuous away from 0; that of gelu involves its slope
    // op's own pullback.
    let smooth = references.filter { !["relu", "leakyRelu", "leakyRelu 0.2"].contains($0.0) }
    for (name, op, _) in smooth {
      let f = { (x: Tensor<Double>) in (op(x) * weights).sum() }
      let exact = hessianVectorProduct(at: x, along: v, in: f)
      XCTAssertTrue(exact.scalars.contains { $0 != 0 }, name)
      assertHessianVectorProductIsCorrect(at: x, along: v, in: f)
    }
  }

  /// The pullbacks of tanh and sigmoid are one-pass kernels: the same bits as their expressions
  /// in tensor operations, and third derivatives (through the kernels' own pullbacks) match a
  /// finite difference of the second.
  func testTanhAndSigmoidPullbacksAreTheirExpressionsToTheBit() {
    let x = awayFromZero([3, 4], seed: 9)
    let w = testTensor([3, 4], seed: 10)
    let (t, s) = (tanh(x), sigmoid(x))
    XCTAssertEqual(
      gradient(at: x) { (tanh($0) * w).sum() }.scalars, (w * (Tensor(1) - t * t)).scalars)
    XCTAssertEqual(
      gradient(at: x) { (sigmoid($0) * w).sum() }.scalars, (w * s * (Tensor(1) - s)).scalars)
    let v = testTensor([3, 4], seed: 11)
    for op in [{ tanh($0) }, { sigmoid($0) }] as [(Tensor<Double>) -> Tensor<Double>] {
      // d/dx of (H(x)·v)·w, the third derivative contracted, against central differences.
      let third = gradient(at: x) { x in
        (hessianVectorProduct(at: x, along: v) { (op($0) * w).sum() } * w).sum()
      }
      let h = 1e-5
      for index in [0, 5, 11] {
        var (plus, minus) = (x.scalars, x.scalars)
        plus[index] += h
        minus[index] -= h
        let at = { (scalars: [Double]) in
          (hessianVectorProduct(at: Tensor(shape: [3, 4], scalars: scalars), along: v) {
            (op($0) * w).sum()
          } * w).sum().scalar
        }
        XCTAssertEqual(third.scalars[index], (at(plus) - at(minus)) / (2 * h), accuracy: 1e-6)
      }
    }
  }

  func testPiecewiseLinearActivationsHaveZeroSecondDerivative() {
    let x = awayFromZero([2, 3], seed: 5)
    let v = testTensor([2, 3], seed: 6)
    let weights = testTensor([2, 3], seed: 7)
    for op in [{ relu($0) }, { leakyRelu($0) }] as [(Tensor<Double>) -> Tensor<Double>] {
      let hvp = hessianVectorProduct(at: x, along: v) { x in (op(x) * weights).sum() }
      XCTAssertEqual(hvp.scalars, [Double](repeating: 0, count: 6))
      // Through a product the gradient still depends on x: H·v = 2·w²·slope²·v.
      let squared = hessianVectorProduct(at: x, along: v) { x in (op(x) * op(x) * weights).sum() }
      let slope = gradient(at: x) { op($0).sum() }
      let expected = (2 * weights * slope * slope * v).scalars
      assertSameScalars(squared.scalars, expected, "second derivative through a square", 1e-12)
    }
  }

  func testFloatMatchesDouble() {
    let x = awayFromZero([4, 3], seed: 8)
    let xf = Tensor<Float>(shape: x.shape, scalars: x.scalars.map(Float.init))
    let floatOps: [(Tensor<Float>) -> Tensor<Float>] = [
      { relu($0) }, { leakyRelu($0) }, { leakyRelu($0, negativeSlope: 0.2) }, { sigmoid($0) },
      { tanh($0) }, { softplus($0) }, { elu($0) }, { elu($0, alpha: 0.5) }, { gelu($0) },
      { gelu($0, approximateTanh: true) }, { silu($0) },
    ]
    XCTAssertEqual(floatOps.count, references.count)
    for ((name, op, _), floatOp) in zip(references, floatOps) {
      let expected = op(x).scalars.map(Float.init)
      assertSameScalars(floatOp(xf).scalars, expected, "\(name) in Float", 1e-5)
      let g = gradient(at: x) { op($0).sum() }.scalars.map { Float($0) }
      let gf = gradient(at: xf) { floatOp($0).sum() }.scalars
      assertSameScalars(gf, g, "\(name) gradient in Float", 1e-4)
    }
  }
}
