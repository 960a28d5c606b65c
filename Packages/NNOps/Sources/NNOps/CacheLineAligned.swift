// Scratch matrices for OpenBLAS start on a cache line. Its AVX-512 small-matrix kernels, which
// LeNet's per-image products use, read their operands in place a cache line (16 floats) at a
// time; from `malloc`'s 16-byte alignment every such load straddles two lines. Measured on
// LeNet's first convolution layer, forward and backward on one core, side by side with the
// malloc'd workspace: 0.83–0.90 of the time (the same at any multiple of 64 bytes from a page
// boundary). Tensors' own scalars are aligned the same way (`TensorStorage`).

extension UnsafeMutablePointer {
  /// Memory for `count` values starting on a 64-byte boundary; release it with `deallocate()`.
  static func allocateCacheLineAligned(capacity count: Int) -> UnsafeMutablePointer {
    UnsafeMutableRawPointer.allocate(
      byteCount: Swift.max(1, count) * MemoryLayout<Pointee>.stride, alignment: 64
    ).bindMemory(to: Pointee.self, capacity: count)
  }
}
