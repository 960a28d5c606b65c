/// The heap buffer behind a ``Tensor``: a fixed number of scalars, 64-byte aligned so that vector
/// loads never straddle cache lines. Shared between copies of a tensor until one is mutated.
@usableFromInline
final class TensorStorage<Scalar>: @unchecked Sendable {
  @usableFromInline let count: Int
  @usableFromInline let pointer: UnsafeMutablePointer<Scalar>

  /// A buffer of `count` scalars whose contents are undefined until written.
  @usableFromInline
  init(uninitializedCount count: Int) {
    self.count = count
    let bytes = max(1, count) * MemoryLayout<Scalar>.stride
    pointer = UnsafeMutableRawPointer.allocate(byteCount: bytes, alignment: 64)
      .bindMemory(to: Scalar.self, capacity: max(1, count))
  }

  /// A buffer holding a copy of `source`.
  @usableFromInline
  convenience init(copying source: UnsafeBufferPointer<Scalar>) {
    self.init(uninitializedCount: source.count)
    if let base = source.baseAddress { pointer.update(from: base, count: source.count) }
  }

  deinit { pointer.deallocate() }

  @usableFromInline var buffer: UnsafeMutableBufferPointer<Scalar> {
    UnsafeMutableBufferPointer(start: pointer, count: count)
  }
}
