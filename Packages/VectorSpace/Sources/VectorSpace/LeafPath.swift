/// The location of one dense leaf (a parameter tensor, a scalar) inside a vector of type `Root`,
/// with the leaf's dotted name (`"layers.0.weight"`).
///
/// The leaf's type is only known at run time; visit the path with a ``LeafVisitor`` to get a
/// statically typed ``LeafAccessor``:
///
/// ```swift
/// struct CountScalars<Root: VectorSpace>: LeafVisitor {
///   let root: Root
///   var count = 0
///   mutating func visit<Leaf: DenseVector<Root.Scalar>>(
///     _ leaf: LeafAccessor<Root, Leaf>, named name: String
///   ) {
///     count += leaf.value(in: root).scalarCount
///   }
/// }
/// ```
public struct LeafPath<Root: VectorSpace>: CustomStringConvertible {
  @usableFromInline let box: AnyLeafPathBox<Root>

  /// The dotted name of the leaf (its parameter path), `""` for the root itself.
  public let name: String

  /// A path to the dense leaf reached by `accessor`.
  public init<Leaf: DenseVector<Root.Scalar>>(_ accessor: LeafAccessor<Root, Leaf>, name: String) {
    self.box = LeafPathBox(accessor)
    self.name = name
  }

  /// A path to the dense leaf at `keyPath`.
  public init<Leaf: DenseVector<Root.Scalar>>(_ keyPath: WritableKeyPath<Root, Leaf>, name: String)
  {
    self.init(LeafAccessor(keyPath), name: name)
  }

  init(box: AnyLeafPathBox<Root>, name: String) {
    self.box = box
    self.name = name
  }

  /// The type of the leaf.
  public var leafType: any DenseVector.Type { box.leafType }

  /// Calls `visitor.visit` with the statically typed accessor of this leaf.
  @inlinable
  public func accept<Visitor: LeafVisitor>(_ visitor: inout Visitor) where Visitor.Root == Root {
    box.accept(&visitor, name: name)
  }

  /// This path, seen from an enclosing vector: `prefix` leads from `Outer` to `Root`.
  public func prepending<Outer: VectorSpace<Root.Scalar>>(
    _ prefix: LeafAccessor<Outer, Root>, name prefixName: String
  ) -> LeafPath<Outer> {
    LeafPath<Outer>(box: box.prepending(prefix), name: Self.join(prefixName, name))
  }

  /// Joins two parameter-path components with a dot, skipping empty ones.
  static func join(_ outer: String, _ inner: String) -> String {
    if outer.isEmpty { return inner }
    if inner.isEmpty { return outer }
    return "\(outer).\(inner)"
  }

  public var description: String { name.isEmpty ? "<root>" : name }
}

/// Receives the typed accessor of each dense leaf of a vector (see ``LeafPath/accept(_:)``).
public protocol LeafVisitor {
  /// The vector whose leaves are visited.
  associatedtype Root: VectorSpace

  /// Called once per leaf, in canonical order.
  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String)
}

extension VectorSpace {
  /// Calls `visitor.visit` for each dense leaf of `self`, in canonical order.
  @inlinable
  public func visitLeaves<Visitor: LeafVisitor>(_ visitor: inout Visitor)
  where Visitor.Root == Self {
    for path in leafPaths { path.accept(&visitor) }
  }
}

/// Type-erased storage of a `LeafAccessor<Root, Leaf>`; the subclass knows `Leaf`.
@usableFromInline
class AnyLeafPathBox<Root: VectorSpace> {
  var leafType: any DenseVector.Type { fatalError("abstract") }

  /// The byte offset of the leaf in `Root` when it is stored inline (see `LeafAccessor`).
  var offset: Int? { fatalError("abstract") }

  @usableFromInline
  func accept<Visitor: LeafVisitor>(_ visitor: inout Visitor, name: String)
  where Visitor.Root == Root {
    fatalError("abstract")
  }

  func prepending<Outer: VectorSpace<Root.Scalar>>(
    _ prefix: LeafAccessor<Outer, Root>
  ) -> AnyLeafPathBox<Outer> {
    fatalError("abstract")
  }
}

final class LeafPathBox<Root: VectorSpace, Leaf: DenseVector<Root.Scalar>>: AnyLeafPathBox<Root> {
  let accessor: LeafAccessor<Root, Leaf>

  init(_ accessor: LeafAccessor<Root, Leaf>) { self.accessor = accessor }

  override var leafType: any DenseVector.Type { Leaf.self }

  override var offset: Int? { accessor.offset }

  override func accept<Visitor: LeafVisitor>(_ visitor: inout Visitor, name: String)
  where Visitor.Root == Root {
    visitor.visit(accessor, named: name)
  }

  override func prepending<Outer: VectorSpace<Root.Scalar>>(
    _ prefix: LeafAccessor<Outer, Root>
  ) -> AnyLeafPathBox<Outer> {
    LeafPathBox<Outer, Leaf>(prefix.appending(accessor))
  }
}
