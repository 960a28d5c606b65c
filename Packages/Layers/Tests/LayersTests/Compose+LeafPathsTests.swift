import Layers
import XCTest
import _TestSupport

final class ComposeLeafPathsTests: XCTestCase {
  private func linear(_ inputs: Int, _ outputs: Int, seed: UInt64 = 1) -> Linear<Double> {
    Linear(weight: sample([outputs, inputs], seed: seed), bias: sample([outputs], seed: seed + 1))
  }

  func testLeNetNamesMatchPyTorchSequential() {
    var generator = SeededRandomNumberGenerator(seed: 0)
    let lenet = Compose(
      Conv2D(inputChannels: 1, outputChannels: 6, kernelSize: 5, using: &generator), ReLU(),
      MaxPool(size: 2),
      Conv2D(inputChannels: 6, outputChannels: 16, kernelSize: 5, using: &generator), ReLU(),
      MaxPool(size: 2), Flatten(), Linear(inputSize: 256, outputSize: 120, using: &generator),
      ReLU(), Linear(inputSize: 120, outputSize: 84, using: &generator), ReLU(),
      Linear(inputSize: 84, outputSize: 10, using: &generator))
    // `nn.Sequential(Conv2d, ReLU, MaxPool2d, Conv2d, ReLU, MaxPool2d, Flatten, Linear, ReLU,
    // Linear, ReLU, Linear).state_dict().keys()`.
    XCTAssertEqual(
      lenet.leafPaths.map(\.name),
      [
        "0.weight", "0.bias", "3.weight", "3.bias", "7.weight", "7.bias", "9.weight", "9.bias",
        "11.weight", "11.bias",
      ])
    // The paths reach the right tensors, in the order of `flattened()`.
    let (_, _, _, conv2, _, _, _, _, _, _, _, last) = lenet.layers
    XCTAssertEqual(Array(lenet.flattened().suffix(10)), last.bias.scalars)
    XCTAssertEqual(Array(lenet.flattened()[156..<(156 + 2400)]), conv2.weight.scalars)
  }

  func testNestedCompositions() {
    let inner = Compose(linear(2, 3), ReLU<Double>(), linear(3, 2))
    let outer = Compose(linear(2, 2), inner, ReLU<Double>(), Compose(linear(2, 1)))
    XCTAssertEqual(
      outer.leafPaths.map(\.name),
      [
        "0.weight", "0.bias", "1.0.weight", "1.0.bias", "1.2.weight", "1.2.bias", "3.0.weight",
        "3.0.bias",
      ])
    let (_, innerOfDouble, _, _) = (2 * outer).layers
    let (_, _, innerLast) = innerOfDouble.layers
    XCTAssertEqual(innerLast.weight.scalars, linear(3, 2).weight.scalars.map { 2 * $0 })
  }

  func testOneLayer() {
    XCTAssertEqual(Compose(linear(2, 3)).leafPaths.map(\.name), ["0.weight", "0.bias"])
    XCTAssertEqual(Compose(ReLU<Float>(), Flatten<Float>()).leafPaths.map(\.name), [])
  }

  /// A composition stored in a model keeps its own names under the property's name, as a
  /// PyTorch `nn.Sequential` attribute does.
  struct Classifier: Layer {
    var features: Compose<Linear<Double>, ReLU<Double>>
    var head: Linear<Double>
    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { head(features(x)) }
  }

  func testACompositionInsideAModel() {
    let model = Classifier(features: Compose(linear(2, 3), ReLU()), head: linear(3, 1))
    XCTAssertEqual(
      model.leafPaths.map(\.name),
      ["features.0.weight", "features.0.bias", "head.weight", "head.bias"])
    // Tuple destructuring, not `.layers.0`: Swift 6.3's SILGen intermittently crashes on
    // element access into a parameter-pack tuple.
    let (doubledFirst, _) = (2 * model).features.layers
    let (first, _) = model.features.layers
    XCTAssertEqual(doubledFirst.weight.scalars, first.weight.scalars.map { 2 * $0 })
    let x = testTensor([4, 2], seed: 3)
    assertGradientIsCorrect(at: model) { m in m(x).sum() }
  }

  /// A layer whose leaves depend on the instance (an array of models).
  struct Stack: Layer {
    var blocks: [Linear<Double>]
    func callAsFunction(_ x: Tensor<Double>) -> Tensor<Double> { blocks.reduce(x) { $1($0) } }
  }

  func testLeavesThatDependOnTheInstance() {
    let short = Compose(Stack(blocks: [linear(2, 2)]), ReLU<Double>())
    let long = Compose(Stack(blocks: [linear(2, 2), linear(2, 2, seed: 5)]), ReLU<Double>())
    for _ in 0..<2 {
      XCTAssertEqual(short.leafPaths.map(\.name), ["0.blocks.0.weight", "0.blocks.0.bias"])
      XCTAssertEqual(
        long.leafPaths.map(\.name),
        ["0.blocks.0.weight", "0.blocks.0.bias", "0.blocks.1.weight", "0.blocks.1.bias"])
    }
    // Also inside a nested composition.
    let nestedShort = Compose(Compose(Stack(blocks: [])), short)
    let nestedLong = Compose(Compose(Stack(blocks: [linear(2, 2)])), long)
    for _ in 0..<2 {
      XCTAssertEqual(
        nestedShort.leafPaths.map(\.name), ["1.0.blocks.0.weight", "1.0.blocks.0.bias"])
      XCTAssertEqual(nestedLong.leafPaths.count, 6)
    }
    XCTAssertEqual(nestedLong.leafPaths.first?.name, "0.0.blocks.0.weight")
    XCTAssertEqual(short.scalarCount, 6)
    XCTAssertEqual((long + long).flattened(), long.flattened().map { 2 * $0 })
    XCTAssertEqual((short - short).flattened(), [0, 0, 0, 0, 0, 0])
  }

  /// Compositions of this module's layers have a fixed structure, so the leaf algebra reaches
  /// their tensors by offset; a layer whose leaves vary per instance keeps the composition off it.
  func testCompositionsOfLayersAreWalkedByOffset() throws {
    let net = Compose(linear(3, 4), ReLU<Double>(), Compose(linear(4, 2), ReLU<Double>()))
    let layout = try XCTUnwrap(net.inlineLeafLayout)
    XCTAssertEqual(layout.offsets.count, 4)
    XCTAssertTrue(layout.leafType == Tensor<Double>.self)
    let stacked = Compose(Stack(blocks: [linear(2, 2)]), ReLU<Double>())
    XCTAssertNil(stacked.inlineLeafLayout)
    XCTAssertEqual((net + net).flattened(), net.flattened().map { 2 * $0 })
    XCTAssertEqual((stacked + stacked).flattened(), stacked.flattened().map { 2 * $0 })
  }

  /// The paths update the layers in place: an optimizer step does not copy the parameters.
  func testInPlaceUpdatesDoNotCopy() {
    var net = Compose(
      linear(3, 4), ReLU<Double>(), Compose(linear(4, 2, seed: 7), ReLU<Double>()))
    let step = net.zero
    func addresses() -> [UnsafeRawPointer] {
      let (first, _, inner) = net.layers
      let (innerFirst, _) = inner.layers
      return [first.weight, innerFirst.bias].map { tensor in
        tensor.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress!) }
      }
    }
    let before = addresses()
    net.add(step, scaledBy: 0.5)
    net.scale(by: 2)
    XCTAssertEqual(addresses(), before)
  }
}
