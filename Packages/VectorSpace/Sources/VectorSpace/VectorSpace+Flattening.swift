// A vector as one flat array of scalars, in canonical order: leaf by leaf (see `leafPaths`),
// each leaf's scalars in its own storage order (row-major for tensors).

extension VectorSpace {
  /// The scalars of `self` in canonical order.
  ///
  /// ```swift
  /// struct Pair: Model { typealias Scalar = Double; var a: [Double]; var b: Double }
  /// Pair(a: [1, 2], b: 3).flattened()   // [1.0, 2.0, 3.0]
  /// ```
  public func flattened() -> [Scalar] {
    var visitor = LeafFlattener(root: self)
    visitor.scalars.reserveCapacity(scalarCount)
    visitLeaves(&visitor)
    return visitor.scalars
  }

  /// A vector of the same structure as `self` whose scalars are `scalars`, in canonical order.
  ///
  /// - Precondition: `scalars.count == scalarCount`.
  public func replacingScalars(with scalars: [Scalar]) -> Self {
    precondition(
      scalars.count == scalarCount,
      "replacingScalars(with:): \(scalars.count) scalars given for a vector of \(scalarCount)")
    var result = self
    scalars.withUnsafeBufferPointer { source in
      withUnsafeMutablePointer(to: &result) { target in
        var visitor = LeafFiller(target: target, source: source)
        for path in leafPaths { path.accept(&visitor) }
      }
    }
    return result
  }

  /// The scalar at position `index` of ``flattened()``, read or written in place.
  ///
  /// - Complexity: O(number of leaves) to find the leaf; no scalars are copied.
  public subscript(flatIndex index: Int) -> Scalar {
    get {
      var copy = self
      return copy.accessScalar(at: index, storing: nil)
    }
    set {
      accessScalar(at: index, storing: newValue)
    }
  }

  /// Finds the scalar at flat position `index`, stores `newValue` there if given, and returns
  /// the scalar found (before the store).
  @discardableResult
  private mutating func accessScalar(at index: Int, storing newValue: Scalar?) -> Scalar {
    let count = scalarCount
    precondition(
      index >= 0 && index < count, "flat index \(index) out of range for \(count) scalars")
    let paths = leafPaths
    return withUnsafeMutablePointer(to: &self) { target in
      var visitor = LeafScalarAccess(target: target, index: index, newValue: newValue)
      for path in paths where !visitor.found { path.accept(&visitor) }
      return visitor.value
    }
  }
}

struct LeafFlattener<Root: VectorSpace>: LeafVisitor {
  let root: Root
  var scalars: [Root.Scalar] = []

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    leaf.value(in: root).withUnsafeBufferPointer { scalars.append(contentsOf: $0) }
  }
}

struct LeafFiller<Root: VectorSpace>: LeafVisitor {
  let target: UnsafeMutablePointer<Root>
  let source: UnsafeBufferPointer<Root.Scalar>
  var offset = 0

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    let start = offset
    leaf.modify(in: &target.pointee) { value in
      value.withUnsafeMutableBufferPointer { buffer in
        _ = buffer.initialize(from: source[start..<(start + buffer.count)])
        offset += buffer.count
      }
    }
  }
}

struct LeafScalarAccess<Root: VectorSpace>: LeafVisitor {
  let target: UnsafeMutablePointer<Root>
  var index: Int
  var newValue: Root.Scalar?
  var value: Root.Scalar = 0
  var found = false

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    guard !found else { return }
    let current = leaf.value(in: target.pointee)
    let count = current.scalarCount
    guard index < count else {
      index -= count
      return
    }
    found = true
    value = current.withUnsafeBufferPointer { $0[index] }
    if let newValue {
      let index = index
      leaf.modify(in: &target.pointee) {
        $0.withUnsafeMutableBufferPointer { $0[index] = newValue }
      }
    }
  }
}
