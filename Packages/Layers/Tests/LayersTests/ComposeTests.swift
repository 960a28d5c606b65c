import Layers
import XCTest
import _TestSupport

final class ComposeTests: XCTestCase {
  private func linear<Scalar: TensorScalar>(_ inputs: Int, _ outputs: Int, seed: UInt64)
    -> Linear<Scalar>
  {
    Linear(weight: sample([outputs, inputs], seed: seed), bias: sample([outputs], seed: seed + 1))
  }

  /// ProtoGrad.jl's test model: `Compose(Linear(4 => 3), ReLU(), Linear(3 => 2), x -> relu.(x))`.
  private func protoGradModel<Scalar: TensorScalar>(_: Scalar.Type, seed: UInt64) -> Compose<
    Linear<Scalar>, ReLU<Scalar>, Linear<Scalar>, Lambda<Scalar>
  > {
    Compose(
      linear(4, 3, seed: seed), ReLU(), linear(3, 2, seed: seed + 10), Lambda { x in relu(x) })
  }

  func testDocumentedExample() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    let mlp = Compose(
      Linear<Float>(inputSize: 784, outputSize: 100, using: &generator), ReLU<Float>(),
      Linear<Float>(inputSize: 100, outputSize: 10, using: &generator))
    XCTAssertEqual(mlp(Tensor.zeros(shape: [32, 784])).shape, [32, 10])
    XCTAssertEqual(mlp.leafPaths.map(\.name), ["0.weight", "0.bias", "2.weight", "2.bias"])
  }

  private func checkAppliesTheLayersInOrder<Scalar: TensorScalar>(_: Scalar.Type) {
    let (first, second): (Linear<Scalar>, Linear<Scalar>) = (
      linear(4, 3, seed: 1), linear(3, 2, seed: 3)
    )
    let net = Compose(first, ReLU<Scalar>(), second, SoftMax<Scalar>())
    let x: Tensor<Scalar> = sample([5, 4], seed: 9)
    XCTAssertEqual(net(x).scalars, softmax(second(relu(first(x)))).scalars)
    // The layers are stored in order.
    let (storedFirst, _, storedSecond, _) = net.layers
    XCTAssertEqual(storedFirst.weight.scalars, first.weight.scalars)
    XCTAssertEqual(storedSecond.bias.scalars, second.bias.scalars)
    // One layer, and compositions of compositions.
    XCTAssertEqual(Compose(first)(x).scalars, first(x).scalars)
    let nested = Compose(Compose(first, ReLU<Scalar>()), Compose(second))
    XCTAssertEqual(nested(x).scalars, second(relu(first(x))).scalars)
  }

  func testAppliesTheLayersInOrder() {
    checkAppliesTheLayersInOrder(Float.self)
    checkAppliesTheLayersInOrder(Double.self)
  }

  func testVectorSpaceLaws() {
    assertVectorSpaceLaws(
      protoGradModel(Float.self, seed: 1), protoGradModel(Float.self, seed: 2),
      protoGradModel(Float.self, seed: 3))
    assertVectorSpaceLaws(
      protoGradModel(Double.self, seed: 1), protoGradModel(Double.self, seed: 2),
      protoGradModel(Double.self, seed: 3), tolerance: 1e-12)
    // With a nested composition and parameterless layers between.
    func nested(_ seed: UInt64) -> some VectorSpace<Float> {
      Compose(
        Compose(linear(4, 3, seed: seed) as Linear<Float>, ReLU<Float>()),
        Dropout<Float>(probability: 0.5), Flatten<Float>(),
        Compose(linear(3, 2, seed: seed + 5) as Linear<Float>))
    }
    assertVectorSpaceLaws(nested(1), nested(2), nested(3))
  }

  func testBasicOperations() {
    assertBasicOperations(protoGradModel(Float.self, seed: 1))
    assertBasicOperations(protoGradModel(Double.self, seed: 1))
  }

  /// A two-layer perceptron with every kind of parameterless layer in between, checked against
  /// finite differences and forward mode.
  func testGradientCheckThroughAnMLP() {
    let mlp = Compose(
      linear(5, 8, seed: 1) as Linear<Double>, ReLU<Double>(), Lambda<Double> { x in 0.5 * x },
      Reshape<Double>(to: [2, 4]), Flatten<Double>(), linear(8, 3, seed: 3) as Linear<Double>,
      SoftMax<Double>())
    let x = testTensor([7, 5], seed: 5)
    let r = testTensor([7, 3], seed: 6)
    assertGradientIsCorrect(at: mlp) { m in (m(x) * r).sum() }
    // The gradient is a composition of the same layers; a step moves every parameter.
    let g = gradient(at: mlp) { m in (m(x) * r).sum() }
    let stepped = mlp - 3 * g
    XCTAssertEqual(stepped.leafPaths.map(\.name), mlp.leafPaths.map(\.name))
    XCTAssertNotEqual(stepped.flattened(), mlp.flattened())
  }

  func testGradientCheckThroughConvolutions() {
    let net = Compose(
      Conv2D(weight: testTensor([3, 1, 3, 3], seed: 1), bias: testTensor([3], seed: 2)),
      ReLU<Double>(), MaxPool<Double>(size: 2),
      Conv2D(weight: testTensor([2, 3, 2, 2], seed: 3), bias: testTensor([2], seed: 4)),
      MeanPool<Double>(size: 2), Flatten<Double>(), linear(2, 2, seed: 5) as Linear<Double>)
    let x = testTensor([2, 1, 10, 10], seed: 6)
    let r = testTensor([2, 2], seed: 7)
    assertGradientIsCorrect(at: net) { m in (m(x) * r).sum() }
  }

  func testLeNet() {
    var generator = SeededRandomNumberGenerator(seed: 1)
    let lenet = Compose(
      Conv2D(inputChannels: 1, outputChannels: 6, kernelSize: 5, using: &generator), ReLU(),
      MaxPool(size: 2),
      Conv2D(inputChannels: 6, outputChannels: 16, kernelSize: 5, using: &generator), ReLU(),
      MaxPool(size: 2), Flatten(), Linear(inputSize: 256, outputSize: 120, using: &generator),
      ReLU(), Linear(inputSize: 120, outputSize: 84, using: &generator), ReLU(),
      Linear(inputSize: 84, outputSize: 10, using: &generator))
    XCTAssert(type(of: lenet).Scalar.self == Float.self)
    let x: Tensor<Float> = sample([3, 1, 28, 28], seed: 2)
    XCTAssertEqual(lenet(x).shape, [3, 10])
    // 6·25 + 6, 16·6·25 + 16, 256·120 + 120, 120·84 + 84, 84·10 + 10.
    XCTAssertEqual(lenet.scalarCount, 156 + 2416 + 30840 + 10164 + 850)
    let g = gradient(at: lenet) { m in (m(x) * m(x)).mean() }
    XCTAssertEqual(g.scalarCount, lenet.scalarCount)
    XCTAssertGreaterThan(g.norm, 0)
  }

  func testLayersOfAnotherScalarType() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    assertPreconditionFailure(
      self,
      containing: "Compose: layer 1 (ReLU<Float>) has scalar type Float, but layer 0 "
        + "(Linear<Double>) has Double", "ReLU<Double>()"
    ) {
      _ = Compose(Linear<Double>(inputSize: 2, outputSize: 2, using: &generator), ReLU())
    }
    assertPreconditionFailure(self, containing: "layer 3 (Linear<Float>)") {
      _ = Compose(
        Linear<Double>(inputSize: 2, outputSize: 2, using: &generator), ReLU<Double>(),
        Flatten<Double>(), Linear(inputSize: 2, outputSize: 2, using: &generator))
    }
  }

  func testSendable() {
    let net = protoGradModel(Float.self, seed: 1)
    let x: Tensor<Float> = sample([2, 4], seed: 2)
    let expected = net(x).scalars
    let task = Task.detached { net(x).scalars }
    let expectation = expectation(description: "the detached task ran")
    Task {
      let result = await task.value
      XCTAssertEqual(result, expected)
      expectation.fulfill()
    }
    wait(for: [expectation], timeout: 10)
  }
}
