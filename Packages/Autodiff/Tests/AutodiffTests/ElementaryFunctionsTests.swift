import Foundation
import XCTest
import _TestSupport

@testable import Autodiff

final class ElementaryFunctionsTests: XCTestCase {
  /// Positive, varied values of the given shape, for functions defined on x > 0.
  private func positiveTensor(_ shape: [Int], seed: UInt64) -> Tensor<Double> {
    Tensor(shape: shape, scalars: testTensor(shape, seed: seed).scalars.map { Swift.abs($0) + 0.5 })
  }

  func testDocumentationExamples() {
    XCTAssertEqual(exp(Tensor<Double>([0, 1])).scalars, [1, 2.718281828459045])
    XCTAssertEqual(log(Tensor<Double>([1, 1000])).scalars, [0, 6.907755278982137])
    XCTAssertEqual(sqrt(Tensor<Double>([4, 2.25])).scalars, [2, 1.5])
    XCTAssertEqual(abs(Tensor<Double>([-2, 0, 3])).scalars, [2, 0, 3])
    XCTAssertEqual(
      gradient(at: Tensor<Double>([-2, 0, 3])) { x in abs(x).sum() }.scalars, [-1, 0, 1])
    XCTAssertEqual(sin(Tensor<Double>([0, .pi / 2])).scalars, [0, 1])
    XCTAssertEqual(cos(Tensor<Double>([0, .pi])).scalars, [1, -1])
    XCTAssertEqual(pow(Tensor<Double>([-2, 3]), 2).scalars, [4, 9])
    XCTAssertEqual(
      gradient(at: Tensor<Double>([-2, 3])) { x in pow(x, 2).sum() }.scalars, [-4, 6])
    XCTAssertEqual(pow(Tensor<Double>([2, 3]), Tensor([3, 2])).scalars, [8, 9])
    let column = Tensor<Double>(shape: [2, 1], scalars: [2, 3])
    let table = pow(column, Tensor([0, 1]))
    XCTAssertEqual(table.shape, [2, 2])
    XCTAssertEqual(table.scalars, [1, 2, 1, 3])
  }

  func testValuesMatchTheCLibraryElementByElement() {
    let x = testTensor([2, 3, 2], seed: 3) * 4  // about [-4, 4], both signs
    let positive = positiveTensor([7], seed: 4)
    func check(
      _ name: String, _ result: Tensor<Double>, _ input: Tensor<Double>, _ f: (Double) -> Double
    ) {
      XCTAssertEqual(result.shape, input.shape, name)
      assertSameScalars(result.scalars, input.scalars.map(f), name, 1e-15)
    }
    check("exp", exp(x), x, Foundation.exp)
    check("log", log(positive), positive, Foundation.log)
    check("sqrt", sqrt(positive), positive, Foundation.sqrt)
    check("abs", abs(x), x, Swift.abs)
    check("sin", sin(x), x, Foundation.sin)
    check("cos", cos(x), x, Foundation.cos)
    check("pow 3", pow(x, 3), x, { Foundation.pow($0, 3) })
    check("pow -2", pow(x, -2), x, { Foundation.pow($0, -2) })
    check("pow 0.7", pow(positive, 0.7), positive, { Foundation.pow($0, 0.7) })
    // Fractional exponents on positive bases; integral ones (some odd) on bases of both signs.
    let bases = positiveTensor([2, 3, 2], seed: 5)
    let exponents = testTensor([2, 3, 2], seed: 6) * 3
    let expected = zip(bases.scalars, exponents.scalars).map { Foundation.pow($0, $1) }
    assertSameScalars(pow(bases, exponents).scalars, expected, "pow(x, y)", 1e-15)
    let integral = Tensor(shape: [2, 3, 2], scalars: exponents.scalars.map { $0.rounded() })
    let signed = zip(x.scalars, integral.scalars).map { Foundation.pow($0, $1) }
    XCTAssertTrue(
      x.scalars.contains { $0 < 0 } && integral.scalars.contains { $0 == 3 || $0 == -3 })
    assertSameScalars(pow(x, integral).scalars, signed, "pow(x, integral y)", 1e-15)
  }

  func testPowFollowsTheCConventionsAtTheEdgesOfItsDomain() {
    // swift-numerics' real pow gives NaN for 0⁰ and for negative bases; C and NumPy do not.
    let x = Tensor<Double>([-2, 0, 0.5, -3])
    XCTAssertEqual(pow(x, 0).scalars, [1, 1, 1, 1])
    XCTAssertEqual(pow(x, 3).scalars, [-8, 0, 0.125, -27])
    XCTAssertEqual(pow(x, Tensor([2, 0, -1, 1])).scalars, [4, 1, 2, -3])
    XCTAssertTrue(pow(Tensor<Double>([-8]), 1.0 / 3).scalar.isNaN)
    XCTAssertEqual(pow(Tensor<Double>([0]), 0.5).scalar, 0)
    // The derivative of x⁰ is 0 and of x¹ is 1 everywhere, including at 0.
    XCTAssertEqual(gradient(at: x) { x in pow(x, 0).sum() }.scalars, [0, 0, 0, 0])
    XCTAssertEqual(gradient(at: x) { x in pow(x, 1).sum() }.scalars, [1, 1, 1, 1])
  }

  func testEmptyTensorsStayEmpty() {
    let empty = Tensor<Double>(shape: [2, 0], scalars: [])
    XCTAssertEqual(exp(empty).shape, [2, 0])
    XCTAssertEqual(pow(empty, Tensor([1, 2]).sum()).shape, [2, 0])
  }

  func testGradientsMatchFiniteDifferencesOnOddShapes() {
    for (index, shape) in [[], [5], [2, 1, 3]].enumerated() {
      let seed = UInt64(10 * index)
      let x = testTensor(shape, seed: seed + 1)
      let positive = positiveTensor(shape, seed: seed + 2)
      let w = testTensor(shape, seed: seed + 3)
      assertGradientIsCorrect(at: x) { x in (exp(x) * w).sum() }
      assertGradientIsCorrect(at: positive) { x in (log(x) * w).sum() }
      assertGradientIsCorrect(at: positive) { x in (sqrt(x) * w).sum() }
      assertGradientIsCorrect(at: positive - Tensor(3)) { x in (abs(x) * w).sum() }  // away from 0
      assertGradientIsCorrect(at: x) { x in (sin(x) * w).sum() }
      assertGradientIsCorrect(at: x) { x in (cos(x) * w).sum() }
      assertGradientIsCorrect(at: x) { x in (pow(x, 3) * w).sum() }
      assertGradientIsCorrect(at: positive) { x in (pow(x, -1.5) * w).sum() }
    }
  }

  func testPowGradientsWithRespectToBothArgumentsBroadcast() {
    let base = positiveTensor([2, 1, 3], seed: 21)
    let exponent = testTensor([4, 1], seed: 22) * 2
    let w = testTensor([2, 4, 3], seed: 23)
    assertGradientIsCorrect(at: base) { x in (pow(x, exponent) * w).sum() }
    assertGradientIsCorrect(at: exponent) { y in (pow(base, y) * w).sum() }
    // A rank-0 exponent against a vector, and a rank-0 base against a vector.
    let scalar = Tensor<Double>(1.3)
    let vector = positiveTensor([5], seed: 24)
    let v = testTensor([5], seed: 25)
    assertGradientIsCorrect(at: scalar) { y in (pow(vector, y) * v).sum() }
    assertGradientIsCorrect(at: scalar) { x in (pow(x, vector) * v).sum() }
    // Both at once, against the hand-derived gradients y·x^(y−1) and x^y·ln x.
    let (gx, gy) = gradient(at: Tensor<Double>([2, 3]), Tensor<Double>([3, 0.5])) { x, y in
      pow(x, y).sum()
    }
    assertSameScalars(gx.scalars, [12, 0.5 / Foundation.sqrt(3)], "∂/∂x", 1e-14)
    assertSameScalars(
      gy.scalars, [8 * Foundation.log(2), Foundation.sqrt(3) * Foundation.log(3)], "∂/∂y", 1e-14)
  }

  func testHessianVectorProductsAreExact() {
    let x = testTensor([2, 1, 3], seed: 31)
    let positive = positiveTensor([2, 1, 3], seed: 32)
    let v = testTensor([2, 1, 3], seed: 33)
    let w = testTensor([2, 1, 3], seed: 34)
    assertHessianVectorProductIsCorrect(at: x, along: v) { x in (exp(x) * w).sum() }
    assertHessianVectorProductIsCorrect(at: positive, along: v) { x in (log(x) * w).sum() }
    assertHessianVectorProductIsCorrect(at: positive, along: v) { x in (sqrt(x) * w).sum() }
    assertHessianVectorProductIsCorrect(at: x, along: v) { x in (sin(x) * cos(x) * w).sum() }
    assertHessianVectorProductIsCorrect(at: x, along: v) { x in (pow(x, 3) * w).sum() }
    let exponent = testTensor([3], seed: 35) + Tensor(2)
    assertHessianVectorProductIsCorrect(at: positive, along: v) { x in
      (pow(x, exponent) * w).sum()
    }
    assertHessianVectorProductIsCorrect(at: exponent, along: testTensor([3], seed: 36)) { y in
      (pow(positive, y) * w).sum()
    }
    // f(x) = Σ exp(xᵢ) has Hessian diag(exp(x)), and f(x) = Σ log(xᵢ) has diag(−1/x²).
    let point = Tensor<Double>([0, 1])
    let direction = Tensor<Double>([2, 3])
    assertSameScalars(
      hessianVectorProduct(at: point, along: direction) { x in exp(x).sum() }.scalars,
      [2, 3 * Foundation.exp(1)], "Hessian of Σ exp", 1e-14)
    assertSameScalars(
      hessianVectorProduct(at: point + Tensor(1), along: direction) { x in log(x).sum() }.scalars,
      [-2, -0.75], "Hessian of Σ log", 1e-14)
  }

  func testFloatValuesAndGradients() {
    let x = Tensor<Float>([0.25, 1, 4])
    XCTAssertEqual(sqrt(x).scalars, [0.5, 1, 2])
    assertSameScalars(exp(log(x)).scalars, x.scalars, "exp ∘ log", 1e-6)
    assertSameScalars(pow(x, Tensor([2, 3, 0.5])).scalars, [0.0625, 1, 2], "pow", 1e-6)
    XCTAssertEqual(abs(-x).scalars, x.scalars)
    let g = gradient(at: x) { x in (sqrt(x) + pow(x, 2) + sin(x) - cos(x)).sum() }
    let expected = x.scalars.map { 0.5 / $0.squareRoot() + 2 * $0 + Float.cos($0) + Float.sin($0) }
    assertSameScalars(g.scalars, expected, "Float gradient", 1e-5)
  }
}
