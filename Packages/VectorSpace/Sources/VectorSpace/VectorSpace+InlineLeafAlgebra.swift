// The leaf algebra by offsets, for types with an inline leaf layout (see `InlineLeafLayout`).
// Each function returns `nil`/`false` when the type has none; the callers then visit leaf paths.
// The leaf type is opened once per operation; every leaf's own implementation runs, as on the
// visitor path.

extension VectorSpace {
  /// `add(other, scaledBy: factor)` by offsets; `false` (and nothing done) without an inline
  /// layout. Tried before any `LeafUpdate.Operation` is built: wrapping `other` in the operation
  /// and binding it back out copied the model twice (each copy retains every leaf's storage) and
  /// looked up the operation's metadata, on every optimizer step.
  mutating func addingInlineLeaves(_ other: Self, scaledBy factor: Scalar) -> Bool {
    guard let layout = inlineLeafLayout else { return false }
    func update<Leaf: DenseVector<Scalar>>(_: Leaf.Type) {
      withUnsafeMutableBytes(of: &self) { target in
        withUnsafeBytes(of: other) { source in
          for offset in layout.offsets {
            target.leaf(Leaf.self, at: offset).pointee.add(
              source.leaf(Leaf.self, at: offset).pointee, scaledBy: factor)
          }
        }
      }
    }
    update(layout.leafType)
    return true
  }

  /// `scale(by: factor)` by offsets; `false` (and nothing done) without an inline layout.
  mutating func scalingInlineLeaves(by factor: Scalar) -> Bool {
    guard let layout = inlineLeafLayout else { return false }
    func update<Leaf: DenseVector<Scalar>>(_: Leaf.Type) {
      withUnsafeMutableBytes(of: &self) { target in
        for offset in layout.offsets {
          target.leaf(Leaf.self, at: offset).pointee.scale(by: factor)
        }
      }
    }
    update(layout.leafType)
    return true
  }

  /// `mappingLeaves(operation)` by offsets; `nil` without an inline layout.
  func mappingInlineLeaves(_ operation: LeafMap<Self>.Operation) -> Self? {
    guard let layout = inlineLeafLayout else { return nil }
    var result = self
    func map<Leaf: DenseVector<Scalar>>(_: Leaf.Type) {
      withUnsafeMutableBytes(of: &result) { target in
        switch operation {
        case .addScaled(let other, let factor):
          withUnsafeBytes(of: other) { source in
            for offset in layout.offsets {
              let leaf = target.leaf(Leaf.self, at: offset)
              leaf.pointee = leaf.pointee.adding(
                source.leaf(Leaf.self, at: offset).pointee, scaledBy: factor)
            }
          }
        case .scale(let factor):
          for offset in layout.offsets {
            let leaf = target.leaf(Leaf.self, at: offset)
            leaf.pointee = leaf.pointee.scaled(by: factor)
          }
        case .zero:
          for offset in layout.offsets {
            let leaf = target.leaf(Leaf.self, at: offset)
            leaf.pointee = leaf.pointee.zero
          }
        }
      }
    }
    map(layout.leafType)
    return result
  }

  /// `dot(other)` by offsets; `nil` without an inline layout.
  func inlineLeavesDot(_ other: Self) -> Scalar? {
    guard let layout = inlineLeafLayout else { return nil }
    func dot<Leaf: DenseVector<Scalar>>(_: Leaf.Type) -> Scalar {
      withUnsafeBytes(of: self) { lhs in
        withUnsafeBytes(of: other) { rhs in
          layout.offsets.reduce(0) { total, offset in
            total
              + lhs.leaf(Leaf.self, at: offset).pointee.dot(
                rhs.leaf(Leaf.self, at: offset).pointee)
          }
        }
      }
    }
    return dot(layout.leafType)
  }

  /// `scalarCount` by offsets; `nil` without an inline layout.
  var inlineLeavesScalarCount: Int? {
    guard let layout = inlineLeafLayout else { return nil }
    func count<Leaf: DenseVector<Scalar>>(_: Leaf.Type) -> Int {
      withUnsafeBytes(of: self) { root in
        layout.offsets.reduce(0) { $0 + root.leaf(Leaf.self, at: $1).pointee.scalarCount }
      }
    }
    return count(layout.leafType)
  }
}

extension UnsafeRawBufferPointer {
  /// The leaf of type `Leaf` stored `offset` bytes into the vector these bytes hold.
  @inline(__always)
  func leaf<Leaf>(_: Leaf.Type, at offset: Int) -> UnsafePointer<Leaf> {
    UnsafePointer((baseAddress! + offset).assumingMemoryBound(to: Leaf.self))
  }
}

extension UnsafeMutableRawBufferPointer {
  /// The leaf of type `Leaf` stored `offset` bytes into the vector these bytes hold.
  @inline(__always)
  func leaf<Leaf>(_: Leaf.Type, at offset: Int) -> UnsafeMutablePointer<Leaf> {
    (baseAddress! + offset).assumingMemoryBound(to: Leaf.self)
  }
}
