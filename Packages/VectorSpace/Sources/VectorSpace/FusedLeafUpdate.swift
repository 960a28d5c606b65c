// The engine behind `updateLeaves`: one walk over the leaves of the first target, handing the body
// the buffers of every operand's leaf at once. Unused operand slots are `nil` and reach the body
// as empty buffers, so one visitor serves every arity.

/// The buffers a fused update hands its body for one leaf: three targets and two sources.
typealias FusedLeafBody<Scalar> = (
  UnsafeMutableBufferPointer<Scalar>, UnsafeMutableBufferPointer<Scalar>,
  UnsafeMutableBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>
) -> Void

/// Calls `body` once per dense leaf with the buffers of that leaf in each operand.
///
/// The targets are reached through pointers, so each leaf is modified in place (its storage is
/// copied only if shared, by the leaf's own `withUnsafeMutableBufferPointer`).
func fusedLeafUpdate<V: VectorSpace>(
  _ first: UnsafeMutablePointer<V>, _ second: UnsafeMutablePointer<V>?,
  _ third: UnsafeMutablePointer<V>?, reading x: V?, _ y: V?,
  _ body: FusedLeafBody<V.Scalar>
) {
  let paths = first.pointee.leafPaths
  let fixed = V.hasFixedLeafStructure(paths)
  func checkStructure(_ other: V, _ role: String) {
    // Every value of a type with a fixed structure has these leaves; their sizes are checked
    // leaf by leaf below. Finding another operand's leaves costs as much as the first's.
    if fixed { return }
    let count = other.leafPaths.count
    precondition(
      count == paths.count,
      "updateLeaves: the \(role) has \(count) leaves, the first target has \(paths.count); "
        + "every operand must have the structure of the first target (\(V.self))")
  }
  if let second { checkStructure(second.pointee, "second target") }
  if let third { checkStructure(third.pointee, "third target") }
  if let x { checkStructure(x, "first source") }
  if let y { checkStructure(y, "second source") }
  // The sources are reached through pointers to local copies: a leaf is then borrowed in place
  // by its accessor's `modify`, never copied out (reading a nested leaf by value copies the
  // values around it). The copies also keep any storage a target shares with a source
  // referenced twice, so the target's leaf is copied before it is written.
  var (x, y) = (x, y)
  withOptionalPointer(to: &x) { x in
    withOptionalPointer(to: &y) { y in
      withoutActuallyEscaping(body) { body in
        var visitor = FusedLeafUpdate(targets: (first, second, third), sources: (x, y), body: body)
        for path in paths { path.accept(&visitor) }
      }
    }
  }
}

/// Calls `body` with a pointer to the wrapped value of `value`, or `nil`.
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
    Self.withBuffer(of: leaf, in: sources.0) { xs in
      Self.withBuffer(of: leaf, in: sources.1) { ys in
        Self.withMutableBuffer(of: leaf, in: targets.0) { a in
          Self.withMutableBuffer(of: leaf, in: targets.1) { b in
            Self.withMutableBuffer(of: leaf, in: targets.2) { c in
              let n = a.count
              if targets.1 != nil { checkCount(b.count, "second target", expected: n, leaf: name) }
              if targets.2 != nil { checkCount(c.count, "third target", expected: n, leaf: name) }
              if sources.0 != nil { checkCount(xs.count, "first source", expected: n, leaf: name) }
              if sources.1 != nil { checkCount(ys.count, "second source", expected: n, leaf: name) }
              body(a, b, c, xs, ys)
            }
          }
        }
      }
    }
  }

  /// Calls `body` with the writable scalars of the leaf in `root`, or an empty buffer.
  static func withMutableBuffer<Leaf: DenseVector<Root.Scalar>>(
    of leaf: LeafAccessor<Root, Leaf>, in root: UnsafeMutablePointer<Root>?,
    _ body: (UnsafeMutableBufferPointer<Root.Scalar>) -> Void
  ) {
    guard let root else {
      body(UnsafeMutableBufferPointer(start: nil, count: 0))
      return
    }
    leaf.modify(in: &root.pointee) { value in
      value.withUnsafeMutableBufferPointer { body($0) }
    }
  }

  /// Calls `body` with the scalars of the leaf in `root`, for reading, or an empty buffer.
  static func withBuffer<Leaf: DenseVector<Root.Scalar>>(
    of leaf: LeafAccessor<Root, Leaf>, in root: UnsafeMutablePointer<Root>?,
    _ body: (UnsafeBufferPointer<Root.Scalar>) -> Void
  ) {
    guard let root else {
      body(UnsafeBufferPointer(start: nil, count: 0))
      return
    }
    leaf.modify(in: &root.pointee) { value in value.withUnsafeBufferPointer(body) }
  }

  /// Checks that an operand's leaf has as many scalars as the first target's.
  func checkCount(_ count: Int, _ role: String, expected: Int, leaf name: String) {
    precondition(
      count == expected,
      "updateLeaves: \(name.isEmpty ? "the vector" : "leaf \(name)") has \(expected) scalars in "
        + "the first target and \(count) in the \(role) (\(Root.self))")
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
    var fixed = Self.self is any DenseVector.Type
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
