// The default algebra of composite vectors (models, hand-written conformers): every operation is
// the same operation on each dense leaf, found through `leafPaths`. Each leaf's own implementation
// runs (a fused loop for plain storage; a recorded operation for a tensor being differentiated).

extension VectorSpace {
  public func adding(_ other: Self, scaledBy factor: Scalar) -> Self {
    mappingLeaves(.addScaled(other, factor))
  }

  public func scaled(by factor: Scalar) -> Self {
    mappingLeaves(.scale(factor))
  }

  public var zero: Self { mappingLeaves(.zero) }

  public mutating func add(_ other: Self, scaledBy factor: Scalar) {
    if addingInlineLeaves(other, scaledBy: factor) { return }
    updatingLeaves(.addScaled(other, factor))
  }

  public mutating func scale(by factor: Scalar) {
    if scalingInlineLeaves(by: factor) { return }
    updatingLeaves(.scale(factor))
  }

  public func dot(_ other: Self) -> Scalar {
    if let total = inlineLeavesDot(other) { return total }
    var visitor = LeafDot(lhs: self, rhs: other)
    visitLeaves(pairedWith: other, &visitor)
    return visitor.total
  }

  public var scalarCount: Int {
    if let total = inlineLeavesScalarCount { return total }
    var visitor = LeafScalarCount(root: self)
    visitLeaves(&visitor)
    return visitor.total
  }

  /// A copy of `self` whose leaves are replaced by `operation` applied to them.
  func mappingLeaves(_ operation: LeafMap<Self>.Operation) -> Self {
    if let result = mappingInlineLeaves(operation) { return result }
    var visitor = LeafMap(result: self, operation: operation)
    if case .addScaled(let other, _) = operation {
      visitLeaves(pairedWith: other, &visitor)
    } else {
      visitLeaves(&visitor)
    }
    return visitor.result
  }

  /// Applies `operation` to each leaf of `self` in place (no copy of uniquely held storage),
  /// through the leaf paths: for types without an inline layout, which `add(_:scaledBy:)` and
  /// `scale(by:)` try first.
  mutating func updatingLeaves(_ operation: LeafUpdate<Self>.Operation) {
    let paths = leafPaths
    if case .addScaled(let other, _) = operation { Self.checkSameStructure(paths, other) }
    withUnsafeMutablePointer(to: &self) { target in
      var visitor = LeafUpdate(target: target, operation: operation)
      for path in paths { path.accept(&visitor) }
    }
  }

  /// Visits the leaves of `self` after checking that `other` has the same leaves.
  func visitLeaves<Visitor: LeafVisitor>(pairedWith other: Self, _ visitor: inout Visitor)
  where Visitor.Root == Self {
    let paths = leafPaths
    Self.checkSameStructure(paths, other)
    for path in paths { path.accept(&visitor) }
  }

  /// Checks that `other` has as many leaves as `paths`, the leaves of another value of this type.
  ///
  /// Every value of a type with a fixed structure has the same leaves, so `other`'s are not
  /// listed again: for a small model that listing would cost as much as the operation.
  static func checkSameStructure(_ paths: [LeafPath<Self>], _ other: Self) {
    if hasFixedLeafStructure(paths) { return }
    let count = other.leafPaths.count
    precondition(
      paths.count == count,
      "\(Self.self): vectors with different structures (\(paths.count) and \(count) leaves)")
  }
}

/// Builds a new vector leaf by leaf.
struct LeafMap<Root: VectorSpace>: LeafVisitor {
  enum Operation {
    case addScaled(Root, Root.Scalar)
    case scale(Root.Scalar)
    case zero
  }

  var result: Root
  let operation: Operation

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    let value = leaf.value(in: result)
    switch operation {
    case .addScaled(let other, let factor):
      leaf.set(in: &result, to: value.adding(leaf.value(in: other), scaledBy: factor))
    case .scale(let factor): leaf.set(in: &result, to: value.scaled(by: factor))
    case .zero: leaf.set(in: &result, to: value.zero)
    }
  }
}

/// Mutates a vector leaf by leaf, in place.
struct LeafUpdate<Root: VectorSpace>: LeafVisitor {
  enum Operation {
    case addScaled(Root, Root.Scalar)
    case scale(Root.Scalar)
  }

  let target: UnsafeMutablePointer<Root>
  let operation: Operation

  func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    switch operation {
    case .addScaled(let other, let factor):
      let source = leaf.value(in: other)
      leaf.modify(in: &target.pointee) { $0.add(source, scaledBy: factor) }
    case .scale(let factor):
      leaf.modify(in: &target.pointee) { $0.scale(by: factor) }
    }
  }
}

struct LeafDot<Root: VectorSpace>: LeafVisitor {
  let lhs: Root
  let rhs: Root
  var total: Root.Scalar = 0

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    total += leaf.value(in: lhs).dot(leaf.value(in: rhs))
  }
}

struct LeafScalarCount<Root: VectorSpace>: LeafVisitor {
  let root: Root
  var total = 0

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    total += leaf.value(in: root).scalarCount
  }
}
