// Copies and sums of planes of short rows (im2col's and col2im's rows of 8 to 30 scalars), eight
// lanes at a time. The width is tested once per plane, so that rows of 8, 16 or 24 scalars are
// straight-line vector code: a loop over a row of run-time length compiles to a vector loop
// behind overlap and trip-count checks plus a scalar tail, which on such rows cost more than the
// copy itself.

import Autodiff

enum ShortRows {
  /// `target[r·targetPitch + i] = source[r·sourcePitch + i]` for `r < rows`, `i < width`, for
  /// buffers that do not overlap.
  @inline(__always)
  static func copy<Scalar: TensorScalar>(
    rows: Int, width: Int, from source: UnsafePointer<Scalar>, pitch sourcePitch: Int,
    to target: UnsafeMutablePointer<Scalar>, pitch targetPitch: Int
  ) {
    // Rows of 9 to 24 end with a vector overlapping the previous one, written twice with the
    // same values.
    let last = width &- 8
    switch width {
    case 8:
      forEachRow(rows, source, sourcePitch, target, targetPitch) { s, t in
        store(load(s), at: t)
      }
    case 9...16:
      forEachRow(rows, source, sourcePitch, target, targetPitch) { s, t in
        store(load(s), at: t)
        store(load(s + last), at: t + last)
      }
    case 17...24:
      forEachRow(rows, source, sourcePitch, target, targetPitch) { s, t in
        store(load(s), at: t)
        store(load(s + 8), at: t + 8)
        store(load(s + last), at: t + last)
      }
    default:
      forEachRow(rows, source, sourcePitch, target, targetPitch) { s, t in
        copy(width, from: s, to: t)
      }
    }
  }

  /// `target[r·targetPitch + i] += source[r·sourcePitch + i]` for `r < rows`, `i < width`, for
  /// buffers that do not overlap.
  @inline(__always)
  static func add<Scalar: TensorScalar>(
    rows: Int, width: Int, from source: UnsafePointer<Scalar>, pitch sourcePitch: Int,
    to target: UnsafeMutablePointer<Scalar>, pitch targetPitch: Int
  ) {
    switch width {
    case 8:
      forEachRow(rows, source, sourcePitch, target, targetPitch) { s, t in
        store(load(t) + load(s), at: t)
      }
    case 16:
      forEachRow(rows, source, sourcePitch, target, targetPitch) { s, t in
        store(load(t) + load(s), at: t)
        store(load(t + 8) + load(s + 8), at: t + 8)
      }
    case 24:
      forEachRow(rows, source, sourcePitch, target, targetPitch) { s, t in
        store(load(t) + load(s), at: t)
        store(load(t + 8) + load(s + 8), at: t + 8)
        store(load(t + 16) + load(s + 16), at: t + 16)
      }
    default:
      forEachRow(rows, source, sourcePitch, target, targetPitch) { s, t in
        add(width, from: s, to: t)
      }
    }
  }

  /// Calls `body` with the start of each row of `source` and `target`.
  @inline(__always)
  private static func forEachRow<Scalar>(
    _ rows: Int, _ source: UnsafePointer<Scalar>, _ sourcePitch: Int,
    _ target: UnsafeMutablePointer<Scalar>, _ targetPitch: Int,
    _ body: (UnsafePointer<Scalar>, UnsafeMutablePointer<Scalar>) -> Void
  ) {
    var (s, t) = (source, target)
    for _ in 0..<rows {
      body(s, t)
      (s, t) = (s + sourcePitch, t + targetPitch)
    }
  }

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
    // The last eight, overlapping the previous vector when `count` is not a multiple of eight.
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
