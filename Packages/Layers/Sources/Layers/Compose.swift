/// Layers applied one after the other: `Compose(f, g, h)(x) = h(g(f(x)))`, like PyTorch's
/// `nn.Sequential` and Flux's `Chain`.
///
/// A composition is a ``Layer`` whose parameters are its layers' parameters, so it gets the
/// vector-space algebra (`2 * net`, `net - 0.1 * gradient`, `dot(net, net)`) and gradients of its
/// own type. Its parameters are named like those of PyTorch's `nn.Sequential` (see
/// ``leafPaths``).
///
/// ```swift
/// var generator = SeededRandomNumberGenerator(seed: 0)
/// let mlp = Compose(
///   Linear<Float>(inputSize: 784, outputSize: 100, using: &generator), ReLU<Float>(),
///   Linear<Float>(inputSize: 100, outputSize: 10, using: &generator))
/// mlp(Tensor.zeros(shape: [32, 784])).shape   // [32, 10]
/// mlp.leafPaths.map(\.name)                    // ["0.weight", "0.bias", "2.weight", "2.bias"]
/// ```
///
/// All layers must have the same `Scalar`, and the composition's is its first layer's. Swift 6.3
/// cannot state that requirement on a parameter pack ("same-element requirements are not yet
/// supported"), so the initializer checks it once and the layers are then called with no
/// per-call check. Swift infers each layer's type on its own, so nothing carries the first
/// layer's scalar to the others: where nothing else decides it, a layer's scalar is `Float`, and
/// a `Float` network needs no annotation, while a `Double` one names its scalar on each layer:
///
/// ```swift
/// let floats = Compose(Linear(inputSize: 4, outputSize: 3, using: &generator), ReLU())
/// let doubles = Compose(
///   Linear<Double>(inputSize: 4, outputSize: 3, using: &generator), ReLU<Double>())
/// ```
public struct Compose<First: Layer, each Rest: Layer>: Layer {
  /// The scalar type of every layer: the first layer's.
  public typealias Scalar = First.Scalar

  /// The layers, in the order they are applied.
  ///
  /// Read them by destructuring, `let (first, _, last) = mlp.layers`: Swift 6.3 resolves only
  /// `.0` on a tuple whose type mixes an element with a pack expansion.
  public var layers: (First, repeat each Rest)

  /// The composition of `first`, then each of `rest`, in order.
  ///
  /// - Parameters:
  ///   - first: The layer applied first; its `Scalar` is the composition's.
  ///   - rest: The layers applied next, in order.
  /// - Precondition: Every layer has the same `Scalar` as `first`.
  public init(_ first: First, _ rest: repeat each Rest) {
    var position = 1
    for layer in repeat each rest {
      precondition(
        type(of: layer).Scalar.self == Scalar.self,
        "Compose: layer \(position) (\(type(of: layer))) has scalar type "
          + "\(type(of: layer).Scalar.self), but layer 0 (\(First.self)) has \(Scalar.self); "
          + "all layers must share one scalar type (write \(Scalar.self) as the generic "
          + "argument of the layers whose scalar is not inferred, as in ReLU<\(Scalar.self)>())")
      position += 1
    }
    layers = (first, repeat each rest)
  }

  /// Applies the layers to `input` in order.
  @inlinable
  public func callAsFunction(_ input: Tensor<Scalar>) -> Tensor<Scalar> {
    // Passed by pointer: Swift 6.3's SIL generation crashes when a tuple that mixes a single
    // element with a pack expansion is passed by value (or borrowed) as a pack, and passing a
    // copy `inout` copied every layer (a retain and a release per tensor) at each call.
    withUnsafePointer(to: layers) { applying($0, to: input) }
  }
}

/// `input` passed through each layer in order.
@inlinable
func applying<Scalar: TensorScalar, each L: Layer>(
  _ layers: UnsafePointer<(repeat each L)>, to input: Tensor<Scalar>
) -> Tensor<Scalar> {
  var x = input
  for layer in repeat each layers.pointee { x = layer.applied(to: x) }
  return x
}

extension Layer {
  /// The layer applied to `input`, whose scalar type the caller has checked to be `Scalar`: the
  /// casts are between identical types and cost nothing.
  @inlinable @inline(__always)
  func applied<Other: TensorScalar>(to input: Tensor<Other>) -> Tensor<Other> {
    unsafeBitCast(self(unsafeBitCast(input, to: Tensor<Scalar>.self)), to: Tensor<Other>.self)
  }
}

extension Compose: Sendable where First: Sendable, repeat each Rest: Sendable {}
