import Layers
import XCTest

/// How Swift infers the scalar type of layers, and the spellings of networks that compile.
final class FloatByDefaultTests: XCTestCase {
  func testWithoutContextTheScalarIsFloat() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    XCTAssert(type(of: ReLU()) == ReLU<Float>.self)
    XCTAssert(type(of: SoftMax()) == SoftMax<Float>.self)
    XCTAssert(type(of: MaxPool(size: 2)) == MaxPool<Float>.self)
    XCTAssert(type(of: MeanPool(size: 2)) == MeanPool<Float>.self)
    XCTAssert(type(of: Flatten()) == Flatten<Float>.self)
    XCTAssert(type(of: Reshape(to: [1, 28, 28])) == Reshape<Float>.self)
    XCTAssert(type(of: Dropout(probability: 0.5)) == Dropout<Float>.self)
    XCTAssert(type(of: Lambda { x in relu(x) }) == Lambda<Float>.self)
    // A literal in the closure does not make it Double.
    XCTAssert(type(of: Lambda { x in x / 255 }) == Lambda<Float>.self)
    XCTAssert(
      type(of: Linear(inputSize: 3, outputSize: 2, using: &generator)) == Linear<Float>.self)
    XCTAssert(
      type(of: Conv2D(inputChannels: 1, outputChannels: 6, kernelSize: 5, using: &generator))
        == Conv2D<Float>.self)
  }

  func testTheContextDecidesTheScalar() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    let relu: ReLU<Double> = ReLU()
    let pool: MaxPool<Double> = MaxPool(size: 3)
    let dense: Linear<Double> = Linear(inputSize: 3, outputSize: 2, using: &generator)
    XCTAssertEqual(pool.size, 3)
    XCTAssertEqual(dense.weight.shape, [2, 3])
    XCTAssertEqual(relu(Tensor<Double>([-1, 1])).scalars, [0, 1])
    XCTAssertEqual(SoftMax()(Tensor<Double>([0, 0])).scalars, [0.5, 0.5])
    XCTAssert(type(of: Lambda { (x: Tensor<Double>) in x }) == Lambda<Double>.self)
    func generic<Scalar: TensorScalar>(_: Scalar.Type) -> Any.Type { type(of: ReLU<Scalar>()) }
    XCTAssert(generic(Double.self) == ReLU<Double>.self)
    let explicit = Compose(
      Linear<Double>(inputSize: 4, outputSize: 3, using: &generator), ReLU<Double>(),
      Dropout<Double>(probability: 0.1),
      Linear<Double>(inputSize: 3, outputSize: 2, using: &generator))
    XCTAssert(type(of: explicit).Scalar.self == Double.self)
  }

  /// The twins draw the same weights as the general initializers.
  func testTheTwinsAgreeWithTheGeneralInitializers() {
    var first = SeededRandomNumberGenerator(seed: 9)
    var second = SeededRandomNumberGenerator(seed: 9)
    XCTAssertEqual(
      Linear(inputSize: 5, outputSize: 4, using: &first).weight.scalars,
      Linear<Float>(inputSize: 5, outputSize: 4, using: &second).weight.scalars)
    let conv = Conv2D(
      inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1, using: &first)
    let general = Conv2D<Float>(
      inputChannels: 2, outputChannels: 3, kernelSize: 3, stride: 2, padding: 1, using: &second)
    XCTAssertEqual(conv.weight.scalars, general.weight.scalars)
    XCTAssertEqual([conv.stride, conv.padding], [2, 1])
    XCTAssertEqual(SoftMax(alongAxis: 0).axis, 0)
    XCTAssertEqual(Reshape(to: [2, -1]).shape, [2, -1])
    XCTAssertEqual(Dropout(probability: 0.25).probability, 0.25)
  }

  /// A multilayer perceptron and LeNet, written with no scalar type anywhere.
  func testNetworksWithoutAnnotations() {
    var rng = SeededRandomNumberGenerator(seed: 0)
    let mlp = Compose(
      Linear(inputSize: 784, outputSize: 100, using: &rng), ReLU(), Dropout(probability: 0.2),
      Linear(inputSize: 100, outputSize: 10, using: &rng), SoftMax())
    let lenet = Compose(
      Conv2D(inputChannels: 1, outputChannels: 6, kernelSize: 5, using: &rng), ReLU(),
      MaxPool(size: 2),
      Conv2D(inputChannels: 6, outputChannels: 16, kernelSize: 5, using: &rng), ReLU(),
      MaxPool(size: 2), Flatten(), Linear(inputSize: 256, outputSize: 120, using: &rng), ReLU(),
      Linear(inputSize: 120, outputSize: 84, using: &rng), ReLU(),
      Linear(inputSize: 84, outputSize: 10, using: &rng))
    XCTAssert(type(of: mlp).Scalar.self == Float.self)
    XCTAssert(type(of: lenet).Scalar.self == Float.self)
    XCTAssertEqual(mlp(Tensor.zeros(shape: [2, 784])).shape, [2, 10])
    XCTAssertEqual(lenet(Tensor.zeros(shape: [2, 1, 28, 28])).shape, [2, 10])
    let images = Compose(Reshape(to: [1, 28, 28]), lenet)
    XCTAssertEqual(images(Tensor.zeros(shape: [2, 784])).shape, [2, 10])
  }
}
