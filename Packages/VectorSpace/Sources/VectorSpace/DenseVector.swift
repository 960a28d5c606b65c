/// A vector whose scalars live in one contiguous buffer: the leaves of model algebra.
///
/// Conforming types provide buffer access and a way to make a new vector of the same shape;
/// every ``VectorSpace`` operation then comes as a fused loop over the storage
/// (see ``VectorKernels``). `Float`, `Double` and `Tensor` are dense vectors.
public protocol DenseVector<Scalar>: VectorSpace {
  /// Calls `body` with the scalars of `self`, in canonical (row-major) order.
  func withUnsafeBufferPointer<Result>(
    _ body: (UnsafeBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result

  /// Calls `body` with mutable access to the scalars of `self`, copying shared storage first.
  mutating func withUnsafeMutableBufferPointer<Result>(
    _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result

  /// A new vector of the same shape as `self`, whose scalars are written by `initializer`.
  ///
  /// The buffer passed to `initializer` is uninitialized memory of ``VectorSpace/scalarCount``
  /// scalars; `initializer` must write every one of them.
  func makeVector(
    ofSameShapeInitializingWith initializer: (UnsafeMutableBufferPointer<Scalar>) -> Void
  ) -> Self

  /// A short description of the shape, used in error messages (for example `"[3, 5]"`).
  var shapeDescription: String { get }

  /// Calls `body` with the scalars of the vectors that `targets` point to, for writing (shared
  /// storage copied first, as ``withUnsafeMutableBufferPointer(_:)`` does), and of those that
  /// `sources` point to, for reading; absent operands reach `body` as empty buffers.
  ///
  /// The fused updates (``updateLeaves(_:_:_:reading:_:_:)``) call this once per leaf, from code
  /// that knows the leaf type only at run time. The default implementation nests the buffer
  /// methods, five dynamic calls per leaf; a type implements it to make that one call into code
  /// specialized for its scalars.
  static func withBuffers(
    ofTargets targets: (
      UnsafeMutablePointer<Self>, UnsafeMutablePointer<Self>?, UnsafeMutablePointer<Self>?
    ),
    sources: (UnsafePointer<Self>?, UnsafePointer<Self>?),
    _ body: FusedLeafBody<Scalar>
  )
}

extension DenseVector {
  /// The default: the buffer methods of each operand, nested (five dynamic calls per leaf).
  public static func withBuffers(
    ofTargets targets: (
      UnsafeMutablePointer<Self>, UnsafeMutablePointer<Self>?, UnsafeMutablePointer<Self>?
    ),
    sources: (UnsafePointer<Self>?, UnsafePointer<Self>?),
    _ body: FusedLeafBody<Scalar>
  ) {
    withBuffer(of: sources.0) { xs in
      withBuffer(of: sources.1) { ys in
        withMutableBuffer(of: targets.0) { a in
          withMutableBuffer(of: targets.1) { b in
            withMutableBuffer(of: targets.2) { c in body(a, b, c, xs, ys) }
          }
        }
      }
    }
  }
}

/// Calls `body` with the writable scalars of `leaf`, or an empty buffer.
private func withMutableBuffer<Leaf: DenseVector>(
  of leaf: UnsafeMutablePointer<Leaf>?, _ body: (UnsafeMutableBufferPointer<Leaf.Scalar>) -> Void
) {
  guard let leaf else { return body(UnsafeMutableBufferPointer(start: nil, count: 0)) }
  leaf.pointee.withUnsafeMutableBufferPointer { body($0) }
}

/// Calls `body` with the scalars of `leaf`, for reading, or an empty buffer.
private func withBuffer<Leaf: DenseVector>(
  of leaf: UnsafePointer<Leaf>?, _ body: (UnsafeBufferPointer<Leaf.Scalar>) -> Void
) {
  guard let leaf else { return body(UnsafeBufferPointer(start: nil, count: 0)) }
  leaf.pointee.withUnsafeBufferPointer(body)
}

extension VectorSpace where Self: DenseVector {
  public var leafPaths: [LeafPath<Self>] { [LeafPath(LeafAccessor.identity, name: "")] }

  public var scalarCount: Int { withUnsafeBufferPointer { $0.count } }

  public var shapeDescription: String { "[\(scalarCount)]" }

  public var zero: Self {
    makeVector { VectorKernels.fill($0, with: 0) }
  }

  public func adding(_ other: Self, scaledBy factor: Scalar) -> Self {
    combined(with: other) { out, a, b in
      VectorKernels.linearCombination(a, b, scaledBy: factor, into: out)
    }
  }

  public func scaled(by factor: Scalar) -> Self {
    mapped { out, a in VectorKernels.scale(a, by: factor, into: out) }
  }

  public mutating func add(_ other: Self, scaledBy factor: Scalar) {
    let description = shapeDescription
    other.withUnsafeBufferPointer { source in
      withUnsafeMutableBufferPointer { target in
        precondition(
          source.count == target.count,
          "add(_:scaledBy:): shapes differ (\(description) and \(other.shapeDescription))")
        VectorKernels.axpy(source, scaledBy: factor, into: target)
      }
    }
  }

  public mutating func scale(by factor: Scalar) {
    withUnsafeMutableBufferPointer {
      VectorKernels.scale(UnsafeBufferPointer($0), by: factor, into: $0)
    }
  }

  public func dot(_ other: Self) -> Scalar {
    withUnsafeBufferPointer { a in
      other.withUnsafeBufferPointer { b in
        precondition(
          a.count == b.count,
          "dot: shapes differ (\(shapeDescription) and \(other.shapeDescription))")
        return VectorKernels.dot(a, b)
      }
    }
  }

  /// A vector of the same shape whose scalars are `transform(self)`, written straight into new
  /// storage (no zero-fill, no copy-on-write).
  @inlinable
  func mapped(
    _ transform: (UnsafeMutableBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>) -> Void
  ) -> Self {
    withUnsafeBufferPointer { a in makeVector { out in transform(out, a) } }
  }

  /// A vector of the same shape whose scalars are `combine(self, other)`, written into new storage.
  @inlinable
  func combined(
    with other: Self,
    _ combine: (
      UnsafeMutableBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>, UnsafeBufferPointer<Scalar>
    ) -> Void
  ) -> Self {
    withUnsafeBufferPointer { a in
      other.withUnsafeBufferPointer { b in
        precondition(
          a.count == b.count,
          "vector arithmetic: shapes differ (\(shapeDescription) and \(other.shapeDescription))")
        return makeVector { out in combine(out, a, b) }
      }
    }
  }
}

extension DenseVector where Self: VectorScalar {
  public func withUnsafeBufferPointer<Result>(
    _ body: (UnsafeBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result {
    var copy = self
    return try Swift.withUnsafePointer(to: &copy) {
      try body(UnsafeBufferPointer(start: $0, count: 1))
    }
  }

  public mutating func withUnsafeMutableBufferPointer<Result>(
    _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result {
    try Swift.withUnsafeMutablePointer(to: &self) {
      var buffer = UnsafeMutableBufferPointer(start: $0, count: 1)
      return try body(&buffer)
    }
  }

  public func makeVector(
    ofSameShapeInitializingWith initializer: (UnsafeMutableBufferPointer<Scalar>) -> Void
  ) -> Self {
    var result = Self.zero
    Swift.withUnsafeMutablePointer(to: &result) {
      initializer(UnsafeMutableBufferPointer(start: $0, count: 1))
    }
    return result
  }

  public var scalarCount: Int { 1 }
  public var shapeDescription: String { "scalar" }
  public var zero: Self { Self.zero }
  public func adding(_ other: Self, scaledBy factor: Self) -> Self {
    addingProduct(factor, other)
  }
  public func scaled(by factor: Self) -> Self { factor * self }
  public func dot(_ other: Self) -> Self { self * other }
  public mutating func scale(by factor: Self) { self *= factor }
  public mutating func add(_ other: Self, scaledBy factor: Self) {
    self = self.addingProduct(factor, other)
  }
}
