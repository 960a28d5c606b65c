@_spi(Reflection) import Swift

/// Where the dense leaves of a ``Model`` type live, found once by reflection and cached.
///
/// Leaves at fixed positions (tensors, scalars, nested models and tuples of them) are resolved to
/// key paths when the type is first used; leaves behind arrays depend on each instance's array
/// lengths and are resolved on every call.
struct ModelLayout<Root: VectorSpace>: @unchecked Sendable {
  enum Entry {
    /// A leaf at a fixed position.
    case fixed(LeafPath<Root>)
    /// The leaves of a field whose layout depends on the instance (an array of vectors).
    case dynamic((Root) -> [LeafPath<Root>])
  }

  let entries: [Entry]
  /// All leaves, when every entry is fixed.
  let fixedPaths: [LeafPath<Root>]?

  init(entries: [Entry]) {
    self.entries = entries
    var fixed: [LeafPath<Root>] = []
    for entry in entries {
      guard case .fixed(let path) = entry else {
        self.fixedPaths = nil
        return
      }
      fixed.append(path)
    }
    self.fixedPaths = fixed
  }

  func leafPaths(of root: Root) -> [LeafPath<Root>] {
    if let fixedPaths { return fixedPaths }
    return entries.flatMap { entry -> [LeafPath<Root>] in
      switch entry {
      case .fixed(let path): return [path]
      case .dynamic(let resolve): return resolve(root)
      }
    }
  }

  /// The layout of `Root`, reflected on first use; a malformed model traps with the reason.
  static func cached() -> ModelLayout {
    if let cached = layoutCache.object(for: Root.self) {
      return unsafeDowncast(cached, to: CachedValue<ModelLayout>.self).value
    }
    let layout: ModelLayout
    do {
      layout = try reflect()
    } catch {
      preconditionFailure("\(error)")
    }
    let cached = layoutCache.insert(CachedValue(layout), for: Root.self)
    return unsafeDowncast(cached, to: CachedValue<ModelLayout>.self).value
  }

  /// Reflects over the stored properties of `Root`.
  static func reflect() throws(ModelLayoutError) -> ModelLayout {
    ModelLayout(entries: try entries(of: Root.self, at: .identity, named: ""))
  }

  /// The entries for the stored properties of `Value`, found at `base` inside `Root`.
  static func entries<Value>(
    of _: Value.Type, at base: LeafAccessor<Root, Value>, named baseName: String
  ) throws(ModelLayoutError) -> [Entry] {
    var kinds: [String: _MetadataKind] = [:]
    _forEachField(of: Value.self) { name, _, _, kind in
      kinds[String(cString: name)] = kind
      return true
    }
    var entries: [Entry] = []
    var failure: ModelLayoutError?
    let reflected = _forEachFieldWithKeyPath(
      of: Value.self, options: skipFunctionsAndWeakReferences
    ) {
      rawName, field in
      let fieldName = String(cString: rawName)
      let name = LeafPath<Root>.join(
        baseName, fieldName.hasPrefix(".") ? String(fieldName.dropFirst()) : fieldName)
      let isTuple = kinds[fieldName] == .tuple
      func resolve<Field>(_: Field.Type) throws(ModelLayoutError) -> [Entry] {
        // A `let` reflects as a read-only key path: structure, not a parameter.
        guard let writable = field as? WritableKeyPath<Value, Field> else { return [] }
        return try fieldEntries(
          Field.self, at: base.appending(LeafAccessor(writable)), named: name, isTuple: isTuple)
      }
      do {
        entries += try _openExistential(type(of: field).valueType, do: resolve)
        return true
      } catch {
        failure = error as? ModelLayoutError
        return false
      }
    }
    if let failure { throw failure }
    guard reflected else {
      throw ModelLayoutError(
        "\(Root.self): ProtoGrad cannot reflect over the stored properties of \(Value.self). "
          + "Model conformance by declaration needs a struct; conform a class to VectorSpace by "
          + "hand (implement leafPaths).")
    }
    return entries
  }

  /// The entries for one stored `var` of type `Field`.
  static func fieldEntries<Field>(
    _: Field.Type, at path: LeafAccessor<Root, Field>, named name: String, isTuple: Bool
  ) throws(ModelLayoutError) -> [Entry] {
    if let dense = Field.self as? any DenseVector<Root.Scalar>.Type {
      return [.fixed(leafPath(dense, at: path, named: name))]
    }
    if let custom = Field.self as? any (CustomLeafPaths & VectorSpace<Root.Scalar>).Type {
      return [.dynamic(nestedVectorEntries(custom, at: path, named: name))]
    }
    if let model = Field.self as? any (Model & VectorSpace<Root.Scalar>).Type {
      return try nestedModelEntries(model, at: path, named: name)
    }
    if let vector = Field.self as? any VectorSpace<Root.Scalar>.Type {
      return [.dynamic(nestedVectorEntries(vector, at: path, named: name))]
    }
    if isTuple {
      return try entries(of: Field.self, at: path, named: name)
    }
    if let vector = Field.self as? any VectorSpace.Type {
      throw ModelLayoutError(
        "\(Root.self).\(name) is a `var` of type \(Field.self), a vector over \(vector.scalarType), "
          + "but \(Root.self) is a vector over \(Root.Scalar.self). Use one scalar type throughout "
          + "the model, or make the property a `let` if it is not a parameter.")
    }
    throw ModelLayoutError(
      "\(Root.self).\(name) is a `var` of type \(Field.self), which is not a vector, so it cannot "
        + "be a parameter. Make it a `let` (structure, such as a hyperparameter or a size), or "
        + "give it a type that conforms to VectorSpace.")
  }

  static func leafPath<Leaf: DenseVector<Root.Scalar>>(
    _: Leaf.Type, at path: LeafAccessor<Root, some Any>, named name: String
  ) -> LeafPath<Root> {
    LeafPath(path as! LeafAccessor<Root, Leaf>, name: name)
  }

  /// A nested model: its own layout, seen from `Root`.
  static func nestedModelEntries<Nested: Model & VectorSpace<Root.Scalar>>(
    _: Nested.Type, at erasedPath: LeafAccessor<Root, some Any>, named name: String
  ) throws(ModelLayoutError) -> [Entry] {
    let path = erasedPath as! LeafAccessor<Root, Nested>
    return try ModelLayout<Nested>.reflect().entries.map { entry in
      switch entry {
      case .fixed(let inner): return .fixed(inner.prepending(path, name: name))
      case .dynamic(let resolve):
        return .dynamic { root in
          resolve(path.value(in: root)).map { $0.prepending(path, name: name) }
        }
      }
    }
  }

  /// Any other vector (an array): its leaves depend on the instance.
  static func nestedVectorEntries<Nested: VectorSpace<Root.Scalar>>(
    _: Nested.Type, at erasedPath: LeafAccessor<Root, some Any>, named name: String
  ) -> (Root) -> [LeafPath<Root>] {
    let path = erasedPath as! LeafAccessor<Root, Nested>
    return { root in path.value(in: root).leafPaths.map { $0.prepending(path, name: name) } }
  }
}

extension VectorSpace {
  static var scalarType: Any.Type { Scalar.self }
}

/// Why a type cannot be used as a ``Model``.
struct ModelLayoutError: Error, CustomStringConvertible {
  let description: String
  init(_ description: String) { self.description = description }
}

/// `_EachFieldOptions.ignoreUnknown`: skip fields that have no key path (closures, weak and
/// unowned references), which are structure. Spelled by value because the SPI declares its
/// options as mutable statics, which Swift 6 rejects from nonisolated code.
private let skipFunctionsAndWeakReferences = _EachFieldOptions(rawValue: 1 << 1)

/// Reflected layouts by type (`CachedValue<ModelLayout<Root>>`). Written once per type; read on
/// every model operation.
private let layoutCache = TypeCache()
