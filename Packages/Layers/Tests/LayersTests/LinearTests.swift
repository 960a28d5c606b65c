import Layers
import XCTest
import _TestSupport

final class LinearTests: XCTestCase {
  private func layer<Scalar: TensorScalar>(seed: UInt64, in inputs: Int = 4, out outputs: Int = 3)
    -> Linear<Scalar>
  {
    Linear(
      weight: sample([outputs, inputs], seed: seed), bias: sample([outputs], seed: seed + 100))
  }

  func testDocumentedExample() {
    let layer = Linear(
      weight: Tensor<Double>(shape: [2, 3], scalars: [1, 0, 0, 0, 1, 1]), bias: Tensor([0, 10]))
    XCTAssertEqual(layer(Tensor(shape: [1, 3], scalars: [1, 2, 3])).scalars, [1, 15])
  }

  private func checkValues<Scalar: TensorScalar>(_: Scalar.Type, tolerance: Scalar) {
    let m: Linear<Scalar> = layer(seed: 1)
    let x: Tensor<Scalar> = sample([5, 4], seed: 2)
    let y = m(x)
    XCTAssertEqual(y.shape, [5, 3])
    XCTAssertEqual(y.scalars, linear(x, weight: m.weight, bias: m.bias).scalars)
    // By hand: yᵢⱼ = Σₖ xᵢₖ Wⱼₖ + bⱼ.
    let (xs, w, b) = (x.scalars, m.weight.scalars, m.bias.scalars)
    var expected: [Scalar] = []
    for i in 0..<5 {
      for j in 0..<3 {
        var sum = b[j]
        for k in 0..<4 { sum += xs[i * 4 + k] * w[j * 4 + k] }
        expected.append(sum)
      }
    }
    assertSameScalars(y.scalars, expected, "x·Wᵀ + b", tolerance)
  }

  func testValues() {
    checkValues(Float.self, tolerance: 1e-6)
    checkValues(Double.self, tolerance: 1e-14)
  }

  private func checkInitialization<Scalar: TensorScalar>(_: Scalar.Type) {
    var generator = SeededRandomNumberGenerator(seed: 7)
    let m = Linear<Scalar>(inputSize: 50, outputSize: 30, using: &generator)
    XCTAssertEqual(m.weight.shape, [30, 50])
    XCTAssertEqual([m.inputSize, m.outputSize], [50, 30])
    XCTAssertEqual(m.bias.scalars, [Scalar](repeating: 0, count: 30))
    let bound = Scalar((6.0 / 80).squareRoot())
    XCTAssertTrue(m.weight.scalars.allSatisfy { -bound <= $0 && $0 < bound })
    // Glorot-uniform, drawn from the generator as `glorotUniform` draws.
    var same = SeededRandomNumberGenerator(seed: 7)
    XCTAssertEqual(
      m.weight.scalars, Tensor<Scalar>.glorotUniform(shape: [30, 50], using: &same).scalars)
  }

  func testInitialization() {
    checkInitialization(Float.self)
    checkInitialization(Double.self)
    var generator = SeededRandomNumberGenerator(seed: 0)
    let m = Linear<Float>(inputSize: 784, outputSize: 100, using: &generator)
    XCTAssertEqual(m.weight.shape, [100, 784])
  }

  func testVectorSpaceLaws() {
    assertVectorSpaceLaws(
      layer(seed: 1) as Linear<Float>, layer(seed: 2), layer(seed: 3))
    assertVectorSpaceLaws(
      layer(seed: 1) as Linear<Double>, layer(seed: 2), layer(seed: 3), tolerance: 1e-12)
  }

  func testBasicOperations() {
    assertBasicOperations(layer(seed: 1, in: 3, out: 2) as Linear<Float>)
    assertBasicOperations(layer(seed: 1, in: 3, out: 2) as Linear<Double>)
  }

  func testParameterNames() {
    XCTAssertEqual((layer(seed: 1) as Linear<Float>).leafPaths.map(\.name), ["weight", "bias"])
  }

  /// ProtoGrad.jl's closed-form gradient of a linear model under the squared error averaged over
  /// the batch: with residuals `r = x·Wᵀ + b − y`, `∂/∂W = (2/n)·rᵀx` and `∂/∂b = (2/n)·Σ r`.
  private func checkClosedFormGradient<Scalar: TensorScalar>(
    _: Scalar.Type, tolerance: Scalar
  ) {
    let (n, inputs, outputs) = (50, 30, 2)
    let m: Linear<Scalar> = layer(seed: 1, in: inputs, out: outputs)
    let x: Tensor<Scalar> = sample([n, inputs], seed: 2)
    let y: Tensor<Scalar> = sample([n, outputs], seed: 3)
    let (value, g) = valueWithGradient(at: m) { m in
      ((m(x) - y) * (m(x) - y)).sum() / Scalar(n)
    }
    let r = (linear(x, weight: m.weight, bias: m.bias) - y).scalars
    let xs = x.scalars
    assertSameScalars([value], [r.map { $0 * $0 }.reduce(0, +) / Scalar(n)], "loss", tolerance)
    var expectedWeight = [Scalar](repeating: 0, count: outputs * inputs)
    var expectedBias = [Scalar](repeating: 0, count: outputs)
    let factor = 2 / Scalar(n)
    for i in 0..<n {
      for j in 0..<outputs {
        let residual = r[i * outputs + j]
        expectedBias[j] += factor * residual
        for k in 0..<inputs {
          expectedWeight[j * inputs + k] += factor * residual * xs[i * inputs + k]
        }
      }
    }
    assertSameScalars(g.weight.scalars, expectedWeight, "∂/∂W = (2/n)·rᵀx", tolerance)
    assertSameScalars(g.bias.scalars, expectedBias, "∂/∂b = (2/n)·Σr", tolerance)
    // The gradient is a Linear, usable in the algebra.
    let stepped = m - 3 * g
    XCTAssertEqual(stepped.weight.shape, [outputs, inputs])
  }

  func testClosedFormGradientOfTheMeanSquaredError() {
    checkClosedFormGradient(Float.self, tolerance: 1e-4)
    checkClosedFormGradient(Double.self, tolerance: 1e-12)
  }

  func testGradientCheck() {
    let x = testTensor([6, 4], seed: 2)
    let r = testTensor([6, 3], seed: 3)
    assertGradientIsCorrect(at: layer(seed: 1) as Linear<Double>) { m in (m(x) * r).sum() }
  }

  func testPreconditions() {
    let m: Linear<Float> = layer(seed: 1)
    assertPreconditionFailure(
      self, containing: "Linear: expected an input of shape [batch, 4] (4 features), got [2, 5]"
    ) {
      _ = m(Tensor.zeros(shape: [2, 5]))
    }
    assertPreconditionFailure(self, containing: "Linear:", "[batch, 4]", "got [4]") {
      _ = m(Tensor.zeros(shape: [4]))
    }
    assertPreconditionFailure(self, containing: "Linear: bias must have shape [3]", "got [2]") {
      _ = Linear<Float>(weight: .zeros(shape: [3, 4]), bias: .zeros(shape: [2]))
    }
    assertPreconditionFailure(self, containing: "Linear: weight must have shape [out, in]") {
      _ = Linear<Float>(weight: .zeros(shape: [3]), bias: .zeros(shape: [3]))
    }
    var generator = SeededRandomNumberGenerator(seed: 0)
    assertPreconditionFailure(self, containing: "must be positive, got 0 and 3") {
      _ = Linear<Double>(inputSize: 0, outputSize: 3, using: &generator)
    }
  }
}
