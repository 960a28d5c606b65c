// Copies of short rows: the runs of a few to a few dozen scalars that im2col moves for each
// output row. A plain loop over pointers gets a runtime overlap check and a vector prologue and
// epilogue from the compiler, and a call to `memmove` costs more still (twice the whole layer's
// time at LeNet's first layer); this loop moves four lanes at a time and assumes the rows do not
// overlap. Measured on LeNet's second layer (rows of 8), forward and backward on one thread:
// 3,884 → 3,470 µs; on its first (rows of 24) no different. The same loop for col2im's sums made
// the first layer slower (2,900 → 3,700 µs), so col2im keeps the plain loop.

import Autodiff

/// `target[0..<count] = source[0..<count]`, for rows that do not overlap.
@inline(__always)
func copyShortRow<Scalar: TensorScalar>(
  _ source: UnsafePointer<Scalar>, to target: UnsafeMutablePointer<Scalar>, count: Int
) {
  let (from, to) = (UnsafeRawPointer(source), UnsafeMutableRawPointer(target))
  let width = MemoryLayout<SIMD4<Scalar>>.stride
  var (i, offset) = (0, 0)
  while i &+ 4 <= count {
    to.storeBytes(
      of: from.loadUnaligned(fromByteOffset: offset, as: SIMD4<Scalar>.self),
      toByteOffset: offset, as: SIMD4<Scalar>.self)
    (i, offset) = (i &+ 4, offset &+ width)
  }
  while i < count {
    target[i] = source[i]
    i &+= 1
  }
}
