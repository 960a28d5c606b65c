/// An array of vectors is a vector, element by element: `[Linear]`, `[Tensor<Float>]`, `[Double]`.
///
/// Two arrays combined by an operation must have the same count. An array of scalars
/// (`[Float]`, `[Double]`) is a ``DenseVector``: its algebra runs as fused loops.
extension Array: VectorSpace where Element: VectorSpace {
  public typealias Scalar = Element.Scalar

  public func adding(_ other: Self, scaledBy factor: Scalar) -> Self {
    Self.checkCounts(self, other)
    if Self.isDense {
      return combinedScalars(other) {
        VectorKernels.linearCombination($1, $2, scaledBy: factor, into: $0)
      }
    }
    return zip(self, other).map { $0.adding($1, scaledBy: factor) }
  }

  public func scaled(by factor: Scalar) -> Self {
    if Self.isDense {
      return combinedScalars(self) { out, a, _ in VectorKernels.scale(a, by: factor, into: out) }
    }
    return map { $0.scaled(by: factor) }
  }

  public mutating func add(_ other: Self, scaledBy factor: Scalar) {
    Self.checkCounts(self, other)
    if Self.isDense {
      other.withScalars { source in
        withMutableScalars { VectorKernels.axpy(source, scaledBy: factor, into: $0) }
      }
    } else {
      for i in indices { self[i].add(other[i], scaledBy: factor) }
    }
  }

  public mutating func scale(by factor: Scalar) {
    if Self.isDense {
      withMutableScalars { VectorKernels.scale(UnsafeBufferPointer($0), by: factor, into: $0) }
    } else {
      for i in indices { self[i].scale(by: factor) }
    }
  }

  public func dot(_ other: Self) -> Scalar {
    Self.checkCounts(self, other)
    if Self.isDense {
      return withScalars { a in other.withScalars { b in VectorKernels.dot(a, b) } }
    }
    var total: Scalar = 0
    for i in indices { total += self[i].dot(other[i]) }
    return total
  }

  /// Whether the elements are the scalars themselves (`[Float]`, `[Double]`): then the array is
  /// one dense leaf and its algebra runs as fused loops over its storage.
  static var isDense: Bool { Element.self == Scalar.self }

  func withScalars<R>(_ body: (UnsafeBufferPointer<Scalar>) -> R) -> R {
    withUnsafeBufferPointer {
      body(UnsafeRawBufferPointer($0).assumingMemoryBound(to: Scalar.self))
    }
  }

  mutating func withMutableScalars<R>(_ body: (UnsafeMutableBufferPointer<Scalar>) -> R) -> R {
    withUnsafeMutableBufferPointer {
      body(UnsafeMutableRawBufferPointer($0).assumingMemoryBound(to: Scalar.self))
    }
  }

  /// A dense array of the same count whose scalars `combine` writes from `self` and `other`.
  func combinedScalars(
    _ other: Self,
    _ combine: (
      UnsafeMutableBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>
    ) -> Void
  ) -> Self {
    Self(unsafeUninitializedCapacity: count) { buffer, initializedCount in
      withScalars { a in
        other.withScalars { b in
          combine(UnsafeMutableRawBufferPointer(buffer).assumingMemoryBound(to: Scalar.self), a, b)
        }
      }
      initializedCount = count
    }
  }

  public var scalarCount: Int { reduce(0) { $0 + $1.scalarCount } }

  public var zero: Self { map { $0.zero } }

  public var leafPaths: [LeafPath<Self>] {
    if let dense = Self.self as? any DenseVector<Scalar>.Type {
      return [Self.identityLeafPath(dense)]
    }
    var paths: [LeafPath<Self>] = []
    for i in indices {
      paths += self[i].leafPaths.map { $0.prepending(.element(i), name: String(i)) }
    }
    return paths
  }

  static func identityLeafPath<Dense: DenseVector<Scalar>>(_: Dense.Type) -> LeafPath<Self> {
    LeafPath(LeafAccessor<Dense, Dense>.identity as! LeafAccessor<Self, Dense>, name: "")
  }

  static func checkCounts(_ lhs: Self, _ rhs: Self) {
    precondition(
      lhs.count == rhs.count,
      "vector arithmetic on arrays of different counts (\(lhs.count) and \(rhs.count))")
  }
}

extension Array: DenseVector where Element: VectorScalar {
  public func makeVector(
    ofSameShapeInitializingWith initializer: (UnsafeMutableBufferPointer<Element>) -> Void
  ) -> [Element] {
    [Element](unsafeUninitializedCapacity: count) { buffer, initializedCount in
      initializer(buffer)
      initializedCount = buffer.count
    }
  }
}
