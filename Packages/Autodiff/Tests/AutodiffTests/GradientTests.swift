import XCTest
import _TestSupport

@testable import Autodiff

/// y = w ⊙ x + b, elementwise: a model of two tensors without matmul.
private struct Scale: Model {
  typealias Scalar = Double
  var weight: Tensor<Double>
  var bias: Tensor<Double>
  let label = "scale"

  func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { weight * x + bias }
}

/// Nested models and a tuple.
private struct Stack: Model {
  typealias Scalar = Double
  var layers: (Scale, Scale)
  var gain: Tensor<Double>

  func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> {
    gain * layers.1(layers.0(x))
  }
}

private func scale(_ seed: UInt64) -> Scale {
  Scale(weight: testTensor([3], seed: seed), bias: testTensor([3], seed: seed + 100))
}

final class GradientTests: XCTestCase {
  let x = testTensor([4, 3], seed: 42)
  let y = testTensor([4, 3], seed: 43)

  func testGradientHasTheModelsTypeAndMatchesTheClosedForm() {
    let m = scale(1)
    let (value, g) = valueWithGradient(at: m) { m in
      let residual = m(self.x) - self.y
      return (residual * residual).mean()
    }
    // Closed form: r = w⊙x + b − y, loss = mean(r²) over n·3 elements,
    // ∂/∂w = (2/N) Σ_rows r⊙x, ∂/∂b = (2/N) Σ_rows r.
    let r = m(x) - y
    let count = Double(r.scalarCount)
    XCTAssertEqual(value, (r * r).sum().scalar / count, accuracy: 1e-12)
    assertSameScalars(
      g.weight.scalars, ((r * x).sum(toShape: [3]) * (2 / count)).scalars, "∂/∂w", 1e-12)
    assertSameScalars(g.bias.scalars, (r.sum(toShape: [3]) * (2 / count)).scalars, "∂/∂b", 1e-12)
    XCTAssertEqual(g.label, "scale", "structure is carried into the gradient")
    XCTAssertFalse(g.weight.isBeingDifferentiated)
  }

  func testGradientsOfNestedModelsMatchFiniteDifferences() {
    let model = Stack(layers: (scale(1), scale(2)), gain: testTensor([1], seed: 3))
    assertGradientIsCorrect(at: model) { m in (m(self.x) * self.y).sum() }
  }

  func testGradientsFlowThroughModelAlgebra() {
    let m = scale(1)
    let lambda = 0.3
    let g = gradient(at: m) { m in
      let loss = (m(self.x) * self.y).sum()
      return loss + 0.5 * lambda * dot(m, m)
    }
    let plain = gradient(at: m) { m in (m(self.x) * self.y).sum() }
    assertSameScalars(g.flattened(), (plain + lambda * m).flattened(), "weight decay", 1e-12)
    // Sums and scalings of the model inside the objective are differentiated too.
    assertGradientIsCorrect(at: m) { m in
      let combination: Scale = 2 * m + m / 4 - m
      return (combination(self.x) * self.y).sum()
    }
  }

  /// Regression: vector-space operators used to be protocol requirements with default
  /// implementations, and Swift bound generic calls to the defaults statically, so a tensor's
  /// recorded `+` was bypassed and gradients through generic code were silently zero.
  func testGenericVectorSpaceCodeOnTensorsIsDifferentiated() {
    func combine<V: VectorSpace>(_ a: V, _ b: V) -> V { (a + b) - 0.5 * b + -a / 4 }
    let g = gradient(at: Tensor<Double>([1, 2])) { t in combine(t, 2 * t).sum() }
    XCTAssertEqual(g.scalars, [1.75, 1.75])  // combine(t, 2t) = 0.75 t + 0.5 (2t)
  }

  func testWeightDecayWithALiteralOrAnExplicitTensorDot() {
    let m = scale(1)
    let lambda = 0.5
    let plain = gradient(at: m) { m in (m(self.x) * self.y).sum() }
    let literal = gradient(at: m) { m in (m(self.x) * self.y).sum() + 0.25 * dot(m, m) }
    let explicit = gradient(at: m) { m in
      (m(self.x) * self.y).sum() + 0.5 * lambda * (dot(m, m) as Tensor<Double>)
    }
    assertSameScalars(literal.flattened(), (plain + 0.5 * m).flattened(), "literal", 1e-12)
    assertSameScalars(explicit.flattened(), (plain + 0.5 * m).flattened(), "explicit", 1e-12)
    let d = dot(m, m)
    XCTAssertEqual(
      d, m.flattened().map { $0 * $0 }.reduce(0, +), accuracy: 1e-12,
      "a plain Double outside objectives")
  }

  /// The spec's weight decay, written in one expression with a scalar variable: Swift must pick
  /// the tensor-valued `dot` (there is no `Tensor + Scalar` to make the scalar one fit).
  func testWeightDecayInOneExpression() {
    let m = scale(1)
    let lambda = 0.5
    let g = gradient(at: m) { m in (m(self.x) * self.y).sum() + 0.5 * lambda * dot(m, m) }
    let plain = gradient(at: m) { m in (m(self.x) * self.y).sum() }
    assertSameScalars(g.flattened(), (plain + lambda * m).flattened(), "weight decay", 1e-12)
  }

  /// A scalar inner product of values being differentiated would carry no gradient: it stops the
  /// program with the way to write it instead of silently dropping a term.
  func testScalarDotOfTensorsBeingDifferentiatedTraps() {
    assertPreconditionFailure(self, containing: "no gradient would flow", "as Tensor<Double>") {
      _ = gradient(at: self.x) { x in
        let scalar: Double = x.dot(x)
        return x.sum() * scalar
      }
    }
  }

  func testTwoArgumentGradient() {
    let w = testTensor([3], seed: 5)
    let (value, (gx, gw)) = valueWithGradient(at: x, w) { x, w in (x * w * x).sum() }
    XCTAssertEqual(value, (x * w * x).sum().scalar, accuracy: 1e-12)
    assertSameScalars(gx.scalars, (2 * x * w).scalars, "∂/∂x", 1e-12)
    assertSameScalars(gw.scalars, (x * x).sum(toShape: [3]).scalars, "∂/∂w", 1e-12)
  }

  func testPullbackOfAVectorFunction() {
    let (value, pullback) = valueWithPullback(at: Tensor<Double>([1, 2, 3])) { x in x * x }
    XCTAssertEqual(value.scalars, [1, 4, 9])
    XCTAssertEqual(pullback(Tensor([1, 0, 0])).scalars, [2, 0, 0])
    XCTAssertEqual(pullback(Tensor([1, 1, 1])).scalars, [2, 4, 6], "a pullback can be reused")
  }

  func testWithoutDerivativeStopsGradients() {
    let g = gradient(at: Tensor<Double>([1, 2])) { x in (x * withoutDerivative(at: x)).sum() }
    XCTAssertEqual(g.scalars, [1, 2])
    let m = scale(1)
    let frozen = gradient(at: m) { m in (withoutDerivative(at: m)(self.x) + m.bias).sum() }
    XCTAssertEqual(frozen.weight.scalars, [0, 0, 0])
    XCTAssertEqual(frozen.bias.scalars, [4, 4, 4])
  }

  func testUnusedParametersGetZeroGradients() {
    let g = gradient(at: scale(1)) { m in m.bias.sum() }
    XCTAssertEqual(g.weight.scalars, [0, 0, 0])
    XCTAssertEqual(g.bias.scalars, [1, 1, 1])
    let constant = gradient(at: scale(1)) { _ in Tensor(3.0) }
    XCTAssertEqual(constant.flattened(), [Double](repeating: 0, count: 6))
  }

  func testReusedValuesAccumulateGradients() {
    let g = gradient(at: Tensor<Double>(3)) { x in x * x + x * 2 + x }
    XCTAssertEqual(g.scalar, 9)
  }

  func testHessianVectorProductOfAModel() {
    let model = Stack(layers: (scale(1), scale(2)), gain: testTensor([1], seed: 3))
    let direction = Stack(layers: (scale(7), scale(8)), gain: testTensor([1], seed: 9))
    assertHessianVectorProductIsCorrect(at: model, along: direction) { m in
      let r = m(self.x) - self.y
      return (r * r * r).mean()
    }
  }

  func testDirectionalDerivativeIsTheJacobianVectorProduct() {
    let x = Tensor<Double>([1, 2, 3])
    let v = Tensor<Double>([1, -1, 2])
    let jvp = directionalDerivative(at: x, along: v) { x in x * x * x }
    XCTAssertEqual(jvp.scalars, [3, -12, 54])  // 3x² ⊙ v
  }

  func testConcurrentGradientsMatchSequentialOnes() {
    let models = (0..<16).map { scale(UInt64($0)) }
    let x = self.x
    let y = self.y
    @Sendable func grad(_ m: Scale) -> [Double] {
      gradient(at: m) { m in
        let r = m(x) - y
        let decay = dot(m, m) as Tensor<Double>
        return (r * r * r).mean() + 0.1 * decay
      }.flattened()
    }
    let sequential = models.map(grad)
    let concurrent = UnsafeMutableBufferPointer<[Double]>.allocate(capacity: models.count)
    concurrent.initialize(repeating: [])
    defer { concurrent.deallocate() }
    let results = SendableBuffer(concurrent)
    DispatchQueue.concurrentPerform(iterations: models.count * 4) { i in
      let index = i % models.count
      let value = grad(models[index])
      if i < models.count { results.buffer[index] = value }
    }
    XCTAssertEqual(Array(concurrent), sequential)
  }
}

private struct SendableBuffer: @unchecked Sendable {
  let buffer: UnsafeMutableBufferPointer<[Double]>
  init(_ buffer: UnsafeMutableBufferPointer<[Double]>) { self.buffer = buffer }
}

/// The README walkthrough's linear model, written with broadcasting (matmul belongs to NNOps):
/// its gradient equals the closed form ∂/∂A = (2/n)·rᵀx, ∂/∂b = (2/n)·Σᵢ rᵢ for the loss
/// Σ‖r‖² / n with r = xAᵀ + b − y.
final class LinearModelClosedFormTests: XCTestCase {
  struct LinearModel: Model {
    typealias Scalar = Double
    var A: Tensor<Double>
    var b: Tensor<Double>

    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> {
      let n = x.shape[0]
      return (x.reshaped(to: [n, 1, 5]) * A).sum(alongAxes: [2]) + b
    }
  }

  func testGradientEqualsTheClosedForm() {
    var generator = SeededRandomNumberGenerator(seed: 3)
    let n = 300
    let x = Tensor<Double>.randomNormal(shape: [n, 5], using: &generator)
    let y = Tensor<Double>.randomNormal(shape: [n, 3], using: &generator)
    let m = LinearModel(
      A: .randomNormal(shape: [3, 5], using: &generator),
      b: .randomNormal(shape: [3], using: &generator))
    func squaredErrorPerSample(_ yhat: Tensor<Double>, _ y: Tensor<Double>) -> Tensor<Double> {
      ((yhat - y) * (yhat - y)).sum() / Double(y.shape[0])
    }
    let (value, g) = valueWithGradient(at: m) { m in squaredErrorPerSample(m(x), y) }

    let r = (m(x) - y).scalars
    let xs = x.scalars
    var expectedA = [Double](repeating: 0, count: 15)
    var expectedB = [Double](repeating: 0, count: 3)
    for i in 0..<n {
      for j in 0..<3 {
        expectedB[j] += 2 * r[i * 3 + j] / Double(n)
        for k in 0..<5 { expectedA[j * 5 + k] += 2 * r[i * 3 + j] * xs[i * 5 + k] / Double(n) }
      }
    }
    XCTAssertEqual(value, r.map { $0 * $0 }.reduce(0, +) / Double(n), accuracy: 1e-12)
    assertSameScalars(g.A.scalars, expectedA, "∂/∂A = (2/n)·rᵀx", 1e-12)
    assertSameScalars(g.b.scalars, expectedB, "∂/∂b = (2/n)·Σr", 1e-12)
  }
}
