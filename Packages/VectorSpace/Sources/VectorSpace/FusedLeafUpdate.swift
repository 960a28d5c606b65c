// The engine behind `updateLeaves`: one walk over the leaves of the first target, handing the body
// the buffers of every operand's leaf at once. Unused operand slots are `nil` and reach the body
// as empty buffers, so one visitor serves every arity.

/// The body of a fused update for one leaf: the scalars of three targets, for writing, and of two
/// sources, for reading (empty buffers for operands the update does not have).
public typealias FusedLeafBody<Scalar> = (
  UnsafeMutableBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>,
  UnsafeMutableBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>
) -> Void

/// Calls `body` once per dense leaf with the buffers of that leaf in each operand.
///
/// The targets are reached through pointers, so each leaf is modified in place (its storage is
/// copied only if shared, by the leaf type's `withBuffers(ofTargets:sources:_:)`).
@inlinable
func fusedLeafUpdate<V: VectorSpace>(
  _ first: UnsafeMutablePointer<V>, _ second: UnsafeMutablePointer<V>?,
  _ third: UnsafeMutablePointer<V>?, reading x: UnsafePointer<V>?, _ y: UnsafePointer<V>?,
  _ body: FusedLeafBody<V.Scalar>
) {
  // The sources are reached through pointers to the callers' borrowed values: a leaf is read in
  // place, never copied out (reading a nested leaf by value copies the values around it), and no
  // copy of a whole source is made (a copy of a model retains every leaf). A target's leaf that
  // shares storage with a source is still copied before it is written: the caller's source holds
  // a reference of its own.
  if fusedInlineLeafUpdate((first, second, third), reading: (x, y), body) { return }
  fusedLeafUpdateByVisiting((first, second, third), reading: (x, y), body)
}

/// The fused update through the leaf paths, for types without an inline leaf layout.
@usableFromInline
func fusedLeafUpdateByVisiting<V: VectorSpace>(
  _ targets: (UnsafeMutablePointer<V>, UnsafeMutablePointer<V>?, UnsafeMutablePointer<V>?),
  reading sources: (UnsafePointer<V>?, UnsafePointer<V>?),
  _ body: FusedLeafBody<V.Scalar>
) {
  // The leaf accessors reach leaves through `modify`, which needs mutable roots: local copies of
  // the sources (this path serves models with arrays of leaves, not the inline layout).
  var (xCopy, yCopy) = (sources.0?.pointee, sources.1?.pointee)
  withOptionalPointer(to: &xCopy) { x in
    withOptionalPointer(to: &yCopy) { y in
      visitLeaves(targets, reading: (x, y), body)
    }
  }
}

/// ``fusedLeafUpdateByVisiting(_:reading:_:)`` once the sources are mutable copies.
private func visitLeaves<V: VectorSpace>(
  _ targets: (UnsafeMutablePointer<V>, UnsafeMutablePointer<V>?, UnsafeMutablePointer<V>?),
  reading sources: (UnsafeMutablePointer<V>?, UnsafeMutablePointer<V>?),
  _ body: FusedLeafBody<V.Scalar>
) {
  let (first, second, third) = targets
  let (x, y) = sources
  let paths = first.pointee.leafPaths
  let fixed = V.hasFixedLeafStructure(paths)
  func checkStructure(_ other: V?, _ role: String) {
    // Every value of a type with a fixed structure has these leaves; their sizes are checked
    // leaf by leaf. Finding another operand's leaves costs as much as the first's.
    guard let other, !fixed else { return }
    let count = other.leafPaths.count
    precondition(
      count == paths.count,
      "updateLeaves: the \(role) has \(count) leaves, the first target has \(paths.count); "
        + "every operand must have the structure of the first target (\(V.self))")
  }
  checkStructure(second?.pointee, "second target")
  checkStructure(third?.pointee, "third target")
  checkStructure(x?.pointee, "first source")
  checkStructure(y?.pointee, "second source")
  withoutActuallyEscaping(body) { body in
    var visitor = FusedLeafUpdate(targets: (first, second, third), sources: (x, y), body: body)
    for path in paths { path.accept(&visitor) }
  }
}

/// Calls `body` with a pointer to the wrapped value of `value`, or `nil`.
@inlinable
func withOptionalPointer<V>(to value: inout V?, _ body: (UnsafeMutablePointer<V>?) -> Void) {
  if value == nil { return body(nil) }
  withUnsafeMutablePointer(to: &value!) { body($0) }
}

/// Visits one leaf of every operand of a fused update.
struct FusedLeafUpdate<Root: VectorSpace>: LeafVisitor {
  let targets:
    (UnsafeMutablePointer<Root>, UnsafeMutablePointer<Root>?, UnsafeMutablePointer<Root>?)
  let sources: (UnsafeMutablePointer<Root>?, UnsafeMutablePointer<Root>?)
  let body: FusedLeafBody<Root.Scalar>

  func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    Self.withLeaf(leaf, in: sources.0) { x in
      Self.withLeaf(leaf, in: sources.1) { y in
        Self.withLeaf(leaf, in: targets.1) { b in
          Self.withLeaf(leaf, in: targets.2) { c in
            leaf.modify(in: &targets.0.pointee) { a in
              withUnsafeMutablePointer(to: &a) { a in
                fusedUpdate(
                  of: (a, b, c), reading: (UnsafePointer(x), UnsafePointer(y)), name: { name }, body
                )
              }
            }
          }
        }
      }
    }
  }

  /// Calls `body` with a pointer to the leaf in `root` (borrowed in place), or `nil`.
  static func withLeaf<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, in root: UnsafeMutablePointer<Root>?,
    _ body: (UnsafeMutablePointer<Leaf>?) -> Void
  ) {
    guard let root else { return body(nil) }
    leaf.modify(in: &root.pointee) { value in withUnsafeMutablePointer(to: &value) { body($0) } }
  }
}

/// The fused update by offsets, for a type with an inline leaf layout; `false` otherwise.
@inlinable
func fusedInlineLeafUpdate<V: VectorSpace>(
  _ targets: (UnsafeMutablePointer<V>, UnsafeMutablePointer<V>?, UnsafeMutablePointer<V>?),
  reading sources: (UnsafePointer<V>?, UnsafePointer<V>?),
  _ body: FusedLeafBody<V.Scalar>
) -> Bool {
  // From the type when already known: the getter called on the pointee copied the whole model
  // and destroyed it again (1,600 instructions of a small MLP's step, in value-witness calls).
  let layout: InlineLeafLayout<V.Scalar>?
  if let found = V.foundInlineLeafLayout {
    layout = found
  } else {
    layout = targets.0.pointee.inlineLeafLayout
  }
  guard let layout else { return false }
  func update<Leaf: DenseVector<V.Scalar>>(_: Leaf.Type) {
    func leaf(_ root: UnsafeMutablePointer<V>?, _ offset: Int) -> UnsafeMutablePointer<Leaf>? {
      // Not `root.map { … }`: the generic `Optional.map` instantiated the metadata of both
      // pointer types on every call (15% of a small model's Adam step).
      guard let root else { return nil }
      return (UnsafeMutableRawPointer(root) + offset).assumingMemoryBound(to: Leaf.self)
    }
    func leaf(_ root: UnsafePointer<V>?, _ offset: Int) -> UnsafePointer<Leaf>? {
      guard let root else { return nil }
      return (UnsafeRawPointer(root) + offset).assumingMemoryBound(to: Leaf.self)
    }
    for (index, offset) in layout.offsets.enumerated() {
      fusedUpdate(
        of: (leaf(targets.0, offset)!, leaf(targets.1, offset), leaf(targets.2, offset)),
        reading: (leaf(sources.0, offset), leaf(sources.1, offset)),
        name: { targets.0.pointee.leafPaths[index].name }, body)
    }
  }
  update(layout.leafType)
  return true
}

/// Calls `body` with the buffers of one leaf in every operand (empty buffers for absent ones),
/// after checking that they have as many scalars as the first target's.
@inlinable
func fusedUpdate<Leaf: DenseVector>(
  of targets: (
    UnsafeMutablePointer<Leaf>, UnsafeMutablePointer<Leaf>?, UnsafeMutablePointer<Leaf>?
  ),
  reading sources: (UnsafePointer<Leaf>?, UnsafePointer<Leaf>?),
  name: () -> String, _ body: FusedLeafBody<Leaf.Scalar>
) {
  Leaf.withBuffers(ofTargets: targets, sources: sources) { a, b, c, xs, ys in
    let n = a.count
    func check(_ count: Int, _ role: String) {
      precondition(
        count == n,
        "updateLeaves: \(name().isEmpty ? "the vector" : "leaf \(name())") has \(n) "
          + "scalars in the first target and \(count) in the \(role)")
    }
    if targets.1 != nil { check(b.count, "second target") }
    if targets.2 != nil { check(c.count, "third target") }
    if sources.0 != nil { check(xs.count, "first source") }
    if sources.1 != nil { check(ys.count, "second source") }
    body(a, b, c, xs, ys)
  }
}

extension VectorSpace {
  /// Whether every value of this type has the leaves `paths` (found for one value): true for
  /// dense vectors (one leaf) and for models whose stored properties hold no arrays, false
  /// otherwise. Decided once per type.
  static func hasFixedLeafStructure(_ paths: [LeafPath<Self>]) -> Bool {
    if let known = fixedLeafStructures.object(for: Self.self) {
      return unsafeDowncast(known, to: CachedValue<Bool>.self).value
    }
    var fixed = Self.self is any DenseVector.Type || Self.self is any FixedLeafStructure.Type
    if !fixed, Self.self is any Model.Type, let layout = try? ModelLayout<Self>.reflect(),
      let fixedPaths = layout.fixedPaths
    {
      // The same names as reflection finds: the conformance's own `leafPaths` (if it wrote
      // one) describes the same fixed leaves.
      fixed = fixedPaths.map(\.name) == paths.map(\.name)
    }
    return unsafeDowncast(
      fixedLeafStructures.insert(CachedValue(fixed), for: Self.self), to: CachedValue<Bool>.self
    ).value
  }
}

/// Types known to have, or not to have, a fixed leaf structure.
private let fixedLeafStructures = TypeCache()
