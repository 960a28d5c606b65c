// The fast path of the leaf algebra: a model whose leaves are all of one type and all stored inline
// (a struct of tensors, nested structs and tuples of them, no arrays) is walked by byte offsets.
//
// Visiting a leaf through its `LeafPath` calls a generic method of a class with the leaf's type
// only known at run time: every visit instantiates generic metadata and builds closures, about
// 3,000 instructions, several times the work of updating a small layer. With the layout, an
// operation opens the leaf type once and then walks the offsets.

/// Every leaf of a vector type is a `leafType` stored inline at one of `offsets` (canonical order).
@usableFromInline
package struct InlineLeafLayout<Scalar: VectorScalar> {
  /// The type of every leaf.
  @usableFromInline package let leafType: any DenseVector<Scalar>.Type
  /// The byte offset of each leaf from the start of the vector, in canonical order.
  @usableFromInline package let offsets: [Int]
}

extension VectorSpace {
  /// The inline layout of this type's leaves, or `nil` when some leaf is not stored inline, the
  /// leaves are of different types, or the structure depends on the instance. Found once per
  /// type (from `self`'s leaves).
  @usableFromInline
  package var inlineLeafLayout: InlineLeafLayout<Scalar>? {
    if let known = Self.foundInlineLeafLayout { return known }
    return findInlineLeafLayout()
  }

  /// The inline layout of this type's leaves if it was found already (`.some(nil)` when the type
  /// has none), or `nil`: read without an instance, where the only instance at hand is behind a
  /// pointer (calling ``inlineLeafLayout`` on `pointer.pointee` copied the whole model).
  @usableFromInline
  package static var foundInlineLeafLayout: InlineLeafLayout<Scalar>?? {
    guard let known = inlineLeafLayouts.object(for: Self.self) else { return nil }
    return unsafeDowncast(known, to: CachedValue<InlineLeafLayout<Scalar>?>.self).value
  }

  private func findInlineLeafLayout() -> InlineLeafLayout<Scalar>? {
    let paths = leafPaths
    var layout: InlineLeafLayout<Scalar>?
    if Self.hasFixedLeafStructure(paths), let first = paths.first {
      let leafType = first.box.leafType
      let offsets = paths.compactMap { $0.box.leafType == leafType ? $0.box.offset : nil }
      if offsets.count == paths.count, let leafType = leafType as? any DenseVector<Scalar>.Type {
        layout = InlineLeafLayout(leafType: leafType, offsets: offsets)
      }
    }
    let cached = inlineLeafLayouts.insert(CachedValue(layout), for: Self.self)
    return unsafeDowncast(cached, to: CachedValue<InlineLeafLayout<Scalar>?>.self).value
  }

  /// Calls `body` with typed pointers to the leaves of `self` when the type has an inline layout
  /// of `Leaf`s, and returns `false` without calling it otherwise.
  ///
  /// The pointers are valid only during `body`; leaves are modified in place.
  @usableFromInline
  package mutating func withInlineLeaves<Leaf>(
    of type: Leaf.Type, _ body: (UnsafeMutableRawPointer, [Int]) -> Void
  ) -> Bool {
    guard let layout = inlineLeafLayout, layout.leafType == Leaf.self else { return false }
    withUnsafeMutableBytes(of: &self) { body($0.baseAddress!, layout.offsets) }
    return true
  }
}

/// The inline layouts found so far, by type (`CachedValue<InlineLeafLayout<Scalar>?>`).
private let inlineLeafLayouts = TypeCache()
