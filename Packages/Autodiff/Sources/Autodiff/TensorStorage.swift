/// The heap buffer behind a ``Tensor``: a fixed number of scalars stored in the same allocation
/// as the object header (one `malloc` per tensor). Shared between copies of a tensor until one
/// is mutated.
@usableFromInline
final class TensorStorage<Scalar>: ManagedBuffer<Int, Scalar>, @unchecked Sendable {
  /// A buffer of `count` scalars whose contents are undefined until written.
  @usableFromInline
  static func make(uninitializedCount count: Int) -> TensorStorage {
    let buffer = create(minimumCapacity: Swift.max(1, count)) { _ in count }
    return unsafeDowncast(buffer, to: TensorStorage.self)
  }

  /// A buffer holding a copy of `source`.
  @usableFromInline
  static func make(copying source: UnsafeBufferPointer<Scalar>) -> TensorStorage {
    let storage = make(uninitializedCount: source.count)
    if let base = source.baseAddress { storage.pointer.initialize(from: base, count: source.count) }
    return storage
  }

  /// The number of scalars.
  @inlinable var count: Int { header }

  /// The first scalar. Valid for the lifetime of the object: the elements never move.
  @inlinable var pointer: UnsafeMutablePointer<Scalar> { withUnsafeMutablePointerToElements { $0 } }

  @inlinable var buffer: UnsafeMutableBufferPointer<Scalar> {
    UnsafeMutableBufferPointer(start: pointer, count: count)
  }
}
