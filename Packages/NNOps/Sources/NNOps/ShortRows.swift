// Copies and sums of short rows (the 8 to 30 scalars of an image row in im2col and col2im),
// eight lanes at a time with no loop set-up. A plain loop over a row of run-time length compiles
// to a vector loop behind overlap and trip-count checks plus a scalar tail, which on rows of 24
// cost more than the copy itself.

import Autodiff

enum ShortRows {
  /// `target[0..<count] = source[0..<count]`, for buffers that do not overlap.
  @inline(__always)
  static func copy<Scalar: TensorScalar>(
    _ count: Int, from source: UnsafePointer<Scalar>, to target: UnsafeMutablePointer<Scalar>
  ) {
    guard count >= 8 else {
      for i in 0..<count { target[i] = source[i] }
      return
    }
    var i = 0
    while i &+ 8 < count {
      store(load(source + i), at: target + i)
      i &+= 8
    }
    // The last eight, overlapping the previous vector when `count` is not a multiple of eight:
    // the overlap is written twice with the same values.
    store(load(source + (count &- 8)), at: target + (count &- 8))
  }

  /// `target[0..<count] += source[0..<count]`, for buffers that do not overlap.
  @inline(__always)
  static func add<Scalar: TensorScalar>(
    _ count: Int, from source: UnsafePointer<Scalar>, to target: UnsafeMutablePointer<Scalar>
  ) {
    var i = 0
    while i &+ 8 <= count {
      store(load(target + i) + load(source + i), at: target + i)
      i &+= 8
    }
    while i < count {
      target[i] += source[i]
      i &+= 1
    }
  }

  @inline(__always)
  private static func load<Scalar: TensorScalar>(_ pointer: UnsafePointer<Scalar>) -> SIMD8<Scalar>
  {
    UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Scalar>.self)
  }

  @inline(__always)
  private static func store<Scalar: TensorScalar>(
    _ lanes: SIMD8<Scalar>, at pointer: UnsafeMutablePointer<Scalar>
  ) {
    UnsafeMutableRawPointer(pointer).storeBytes(of: lanes, as: SIMD8<Scalar>.self)
  }
}
