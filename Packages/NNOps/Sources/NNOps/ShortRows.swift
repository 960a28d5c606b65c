// Copies and sums of short rows: the runs of a few to a few dozen scalars that im2col and col2im
// move for each output row. A plain loop over pointers gets a runtime overlap check and a vector
// prologue and epilogue from the compiler, which cost more than the work at these lengths (and a
// call to `memmove` costs more still); these loops move four lanes at a time and assume the rows
// do not overlap.

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

/// `target[0..<count] += source[0..<count]`, for rows that do not overlap.
@inline(__always)
func addShortRow<Scalar: TensorScalar>(
  _ source: UnsafePointer<Scalar>, to target: UnsafeMutablePointer<Scalar>, count: Int
) {
  let (from, to) = (UnsafeRawPointer(source), UnsafeMutableRawPointer(target))
  let width = MemoryLayout<SIMD4<Scalar>>.stride
  var (i, offset) = (0, 0)
  while i &+ 4 <= count {
    let sum =
      to.loadUnaligned(fromByteOffset: offset, as: SIMD4<Scalar>.self)
      + from.loadUnaligned(fromByteOffset: offset, as: SIMD4<Scalar>.self)
    to.storeBytes(of: sum, toByteOffset: offset, as: SIMD4<Scalar>.self)
    (i, offset) = (i &+ 4, offset &+ width)
  }
  while i < count {
    target[i] += source[i]
    i &+= 1
  }
}
