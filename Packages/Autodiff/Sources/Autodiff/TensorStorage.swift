/// The heap buffer behind a ``Tensor``: a fixed number of scalars stored in the same allocation
/// as the object header (one `malloc` per tensor). Shared between copies of a tensor until one
/// is mutated.
///
/// The scalars start on a cache line (64 bytes), a little way into the elements: OpenBLAS's
/// AVX-512 small-matrix kernels read operands and write results in place a cache line at a
/// time, and from `malloc`'s alignment plus the header's 24 bytes every such access straddled
/// two lines.
@usableFromInline
final class TensorStorage<Scalar>: ManagedBuffer<Int, Scalar>, @unchecked Sendable {
  /// A buffer of `count` scalars whose contents are undefined until written.
  @usableFromInline
  static func make(uninitializedCount count: Int) -> TensorStorage {
    if count >= 16_384 { keepLargeAllocationsOnTheHeap }
    let slack = (cacheLine + MemoryLayout<Scalar>.stride - 1) / MemoryLayout<Scalar>.stride
    let buffer = create(minimumCapacity: Swift.max(1, count) + slack) { _ in count }
    return unsafeDowncast(buffer, to: TensorStorage.self)
  }

  /// The alignment of the first scalar, in bytes.
  @usableFromInline static var cacheLine: Int { 64 }

  /// A buffer holding a copy of `source`.
  @usableFromInline
  static func make(copying source: UnsafeBufferPointer<Scalar>) -> TensorStorage {
    let storage = make(uninitializedCount: source.count)
    if let base = source.baseAddress { storage.pointer.initialize(from: base, count: source.count) }
    return storage
  }

  /// The number of scalars.
  ///
  /// Read through the header's address: reading `header`, a class property, costs a dynamic
  /// exclusivity check (a runtime call) per access.
  @inlinable var count: Int { withUnsafeMutablePointerToHeader { $0.pointee } }

  /// The first scalar, on a cache line. Valid for the lifetime of the object: the elements never
  /// move.
  @inlinable var pointer: UnsafeMutablePointer<Scalar> {
    withUnsafeMutablePointerToElements { elements in
      let mask = UInt(bitPattern: Self.cacheLine - 1)
      let address = (UInt(bitPattern: elements) + mask) & ~mask
      return UnsafeMutablePointer(bitPattern: address).unsafelyUnwrapped
    }
  }

  @inlinable var buffer: UnsafeMutableBufferPointer<Scalar> {
    UnsafeMutableBufferPointer(start: pointer, count: count)
  }
}

#if canImport(Glibc)
import Glibc

/// Training allocates and frees the same large tensors every step. By default glibc serves
/// blocks over 128 KB with fresh `mmap`s and returns them on `free`, so every step page-faults
/// its activations and gradients in again (measured: ~12% of a 784→100 linear layer's forward
/// and backward pass). Raising the thresholds once keeps such blocks on the heap for reuse.
private let keepLargeAllocationsOnTheHeap: Void = {
  // `mallopt` is declared in <malloc.h>, which the Glibc module does not export.
  typealias MallocOption = @convention(c) (Int32, Int32) -> Int32
  guard let symbol = dlsym(UnsafeMutableRawPointer(bitPattern: 0), "mallopt") else { return }
  let mallopt = unsafeBitCast(symbol, to: MallocOption.self)
  let (trimThreshold, mmapThreshold): (Int32, Int32) = (-1, -3)  // M_TRIM_/M_MMAP_THRESHOLD
  _ = mallopt(mmapThreshold, 256 << 20)
  _ = mallopt(trimThreshold, 512 << 20)
}()
#else
private let keepLargeAllocationsOnTheHeap: Void = ()
#endif
