// The parameters of a composition, named like PyTorch's `nn.Sequential`, so that weights saved
// from an equivalent PyTorch model match by name.
//
// Reflection (`Model`'s default) would name them after the stored tuple, "layers.0.weight";
// instead each layer's own leaf paths are prefixed with its position. A nested composition
// contributes its own names ("1.0.weight"), as a nested `nn.Sequential` does.
//
// The paths are built once per composition type and cached. Most layers have the same leaves in
// every instance of their type (they conform to `FixedLeafStructure`); the others (a user's layer
// holding an array of models, say) are asked for their leaf names on every call, and the paths
// are rebuilt when the names change.

@_spi(Reflection) import Swift
import Synchronization

extension Compose: CustomLeafPaths {
  /// The parameters of the layers, in order, each named by the position of its layer and its
  /// name inside that layer, like PyTorch's `nn.Sequential`: `"0.weight"`, `"2.bias"`.
  ///
  /// Layers without parameters have no leaves but still count in the positions, so the names
  /// match a PyTorch `nn.Sequential` of the same layers:
  ///
  /// ```swift
  /// var generator = SeededRandomNumberGenerator(seed: 0)
  /// let net = Compose(
  ///   Linear<Float>(inputSize: 4, outputSize: 3, using: &generator), ReLU<Float>(),
  ///   Linear<Float>(inputSize: 3, outputSize: 2, using: &generator))
  /// net.leafPaths.map(\.name)   // ["0.weight", "0.bias", "2.weight", "2.bias"]
  /// ```
  ///
  /// A composition stored in another model keeps these names under the property's: a property
  /// `var features: Compose<…>` names its leaves `"features.0.weight"` (Compose lists its own
  /// leaves: ``CustomLeafPaths``).
  ///
  /// - Complexity: The paths are built once per composition type and reused: O(1) when every
  ///   layer is one of this module's, otherwise O(leaves of the other layers), to check that their
  ///   leaves are still the same (a layer holding an array of models can change them).
  public var leafPaths: [LeafPath<Self>] {
    let key = ObjectIdentifier(Self.self)
    let cached = composeLeafPaths.withLock { $0[key] } as? ComposeLeafPaths<Self>
    if let cached, !cached.needsCheck { return cached.paths }
    var layers = layers
    if let cached {
      var check = SameLeafNames(expected: cached.names)
      visitLayers(&layers, with: &check)
      if check.matches { return cached.paths }
    }
    var builder = ComposeLeafPaths<Self>.Builder(
      layers: LeafAccessor(fieldKeyPaths(Self.self)[0] as! WritableKeyPath<Self, LayerTuple>),
      elements: packCount == 0 ? [] : fieldKeyPaths(LayerTuple.self))
    visitLayers(&layers, with: &builder)
    let built = ComposeLeafPaths(names: builder.names, paths: builder.paths)
    composeLeafPaths.withLock { $0[key] = built }
    return built.paths
  }

  /// The type of ``layers``, the only stored property.
  private typealias LayerTuple = (First, repeat each Rest)

  /// The number of layers after the first.
  private var packCount: Int {
    var count = 0
    for _ in repeat (each Rest).self { count += 1 }
    return count
  }
}

/// Calls `visitor` with each layer and its position.
///
/// The layers are passed `inout` for the reason given in ``Compose/callAsFunction(_:)``.
func visitLayers<each L: Layer>(
  _ layers: inout (repeat each L), with visitor: inout some LayerVisitor
) {
  var position = 0
  for layer in repeat each layers {
    visitor.visit(layer, at: position)
    position += 1
  }
}

/// Receives each layer of a composition, statically typed.
protocol LayerVisitor {
  mutating func visit<L: Layer>(_ layer: L, at position: Int)
}

/// The key paths to the stored properties of a struct, or to the elements of a tuple.
///
/// Reflected rather than written as literals: in Swift 6.3 the runtime cannot instantiate a
/// key-path literal such as `\Compose.layers` whose type involves a parameter pack ("Pack
/// expansion count type should be a pack").
private func fieldKeyPaths<Root>(_: Root.Type) -> [AnyKeyPath] {
  var keyPaths: [AnyKeyPath] = []
  let reflected = _forEachFieldWithKeyPath(of: Root.self) { _, keyPath in
    keyPaths.append(keyPath)
    return true
  }
  precondition(reflected, "Compose: cannot reflect over \(Root.self)")
  return keyPaths
}

// This module's layers have the same leaves in every instance, and so do compositions of them:
// a composition need not check their names again, and the leaf algebra finds them once per type.
extension Linear: FixedLeafStructure {}
extension Conv2D: FixedLeafStructure {}
extension ReLU: FixedLeafStructure {}
extension SoftMax: FixedLeafStructure {}
extension MaxPool: FixedLeafStructure {}
extension MeanPool: FixedLeafStructure {}
extension Flatten: FixedLeafStructure {}
extension Reshape: FixedLeafStructure {}
extension Dropout: FixedLeafStructure {}
extension Lambda: FixedLeafStructure {}
extension Compose: FixedLeafStructure
where First: FixedLeafStructure, repeat each Rest: FixedLeafStructure {}

/// The leaf paths of a composition type, and the leaf names of each layer they were built from.
struct ComposeLeafPaths<Root: Layer>: @unchecked Sendable {
  /// The leaf names of each layer, nil for a layer with ``FixedLeafStructure``.
  let names: [[String]?]
  let paths: [LeafPath<Root>]
  /// Whether some layer's leaves may differ between instances.
  let needsCheck: Bool

  init(names: [[String]?], paths: [LeafPath<Root>]) {
    self.names = names
    self.paths = paths
    needsCheck = names.contains { $0 != nil }
  }

  /// Builds the paths of every layer, prefixed with the layer's position.
  struct Builder<LayerTuple>: LayerVisitor {
    /// From the composition to its tuple of layers.
    let layers: LeafAccessor<Root, LayerTuple>
    /// From the tuple to each layer; empty when the tuple is its only layer.
    let elements: [AnyKeyPath]
    var names: [[String]?] = []
    var paths: [LeafPath<Root>] = []

    mutating func visit<L: Layer>(_ layer: L, at position: Int) {
      let accessor =
        elements.isEmpty
        ? layers as! LeafAccessor<Root, L>
        : layers.appending(LeafAccessor(elements[position] as! WritableKeyPath<LayerTuple, L>))
      names.append(L.self is any FixedLeafStructure.Type ? nil : layer.leafPaths.map(\.name))
      // `Compose.init` has checked that `L.Scalar` is `Root.Scalar`; the cast makes it static.
      let typed = layer as! any Layer<Root.Scalar>
      paths += prefixed(typed, accessor, name: "\(position)")
    }

    private func prefixed<Opened: Layer<Root.Scalar>>(
      _ layer: Opened, _ accessor: LeafAccessor<Root, some Any>, name: String
    ) -> [LeafPath<Root>] {
      let accessor = accessor as! LeafAccessor<Root, Opened>
      return layer.leafPaths.map { $0.prepending(accessor, name: name) }
    }
  }
}

/// Whether each layer's leaf names are still `expected` (nil: not checked).
struct SameLeafNames: LayerVisitor {
  let expected: [[String]?]
  var matches = true

  mutating func visit<L: Layer>(_ layer: L, at position: Int) {
    guard matches, let names = expected[position] else { return }
    let paths = layer.leafPaths
    guard paths.count == names.count else {
      matches = false
      return
    }
    for index in paths.indices where paths[index].name != names[index] {
      matches = false
      return
    }
  }
}

/// Built leaf paths by composition type.
private let composeLeafPaths = Mutex<[ObjectIdentifier: any Sendable]>([:])
