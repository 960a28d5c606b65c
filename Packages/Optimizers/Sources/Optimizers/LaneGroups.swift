// Eight-lane loops for the rules whose steps take square roots (AdaGrad, RMSProp, AdaDelta, Adam).
//
// Why not plain loops: on Linux, `squareRoot()` compiles to a call of glibc's `sqrtf` or `sqrt`
// guarded for negative inputs (the call may set `errno`), and LLVM does not vectorize a loop that
// contains it: the whole update then runs one scalar at a time, about three times slower than
// the loop below. Explicit SIMD lanes, with the square root taken by the SSE instruction on
// x86-64, keep these updates vectorized. Elsewhere `squareRoot()` of the lanes is used.
//
// The loop and the rules' steps are `@inlinable`, specialized in the user's module. With only
// `@_specialize` for Float and Double, they were reached from there through their generic entry
// points, which looked up `SIMD8<Scalar>`'s and `Optional`'s metadata on every call before
// jumping to the specialization: ~650 instructions per leaf per step, 4% of the small MLP's step
// with Adam. The steps keep `@_specialize` for callers that are themselves generic over the model
// in another module: without it they ran the generic body (the conv example 5× slower).

#if arch(x86_64)
import _Builtin_intrinsics.intel
#endif

/// `√x`, lane by lane, with vector instructions on x86-64.
@inlinable @inline(__always)
func squareRoot<Scalar: VectorScalar>(_ x: SIMD8<Scalar>) -> SIMD8<Scalar> {
  #if arch(x86_64)
  if Scalar.self == Float.self {
    let lanes = unsafeBitCast(x, to: SIMD8<Float>.self)
    let root = SIMD8(lowHalf: _mm_sqrt_ps(lanes.lowHalf), highHalf: _mm_sqrt_ps(lanes.highHalf))
    return unsafeBitCast(root, to: SIMD8<Scalar>.self)
  }
  if Scalar.self == Double.self {
    let lanes = unsafeBitCast(x, to: SIMD8<Double>.self)
    let (low, high) = (lanes.lowHalf, lanes.highHalf)
    let root = SIMD8(
      lowHalf: SIMD4(lowHalf: _mm_sqrt_pd(low.lowHalf), highHalf: _mm_sqrt_pd(low.highHalf)),
      highHalf: SIMD4(lowHalf: _mm_sqrt_pd(high.lowHalf), highHalf: _mm_sqrt_pd(high.highHalf)))
    return unsafeBitCast(root, to: SIMD8<Scalar>.self)
  }
  #endif
  return x.squareRoot()
}

/// One rule's elementwise step on eight positions at once: up to three updated vectors (the
/// parameters and state) from one read (the gradient).
///
/// A type rather than a closure: a conforming struct's method is inlined into
/// ``forEachLaneGroup(_:updating:_:_:reading:)`` once that is specialized, where a closure of
/// this size is called per group.
@usableFromInline
protocol LaneUpdate {
  associatedtype Scalar: VectorScalar

  /// Updates `first`, `second` and `third` from `source`, lane by lane.
  func callAsFunction(
    _ first: inout SIMD8<Scalar>, _ second: inout SIMD8<Scalar>, _ third: inout SIMD8<Scalar>,
    _ source: SIMD8<Scalar>)
}

/// Applies `update` to the scalars of three updated buffers and one read buffer, eight positions
/// at a time, and writes the updated lanes back. The last group is padded with zeros, which
/// `update` must map to finite values (it does for every rule: `√0 + ε > 0`).
///
/// `third` may be `nil` for a rule with one state vector; `update` then receives zeros there.
@inlinable @inline(__always)
func forEachLaneGroup<Update: LaneUpdate>(
  _ update: Update,
  updating first: UnsafeMutableBufferPointer<Update.Scalar>,
  _ second: UnsafeMutableBufferPointer<Update.Scalar>,
  _ third: UnsafeMutableBufferPointer<Update.Scalar>?,
  reading source: UnsafeBufferPointer<Update.Scalar>
) {
  typealias Scalar = Update.Scalar
  let count = first.count
  guard count > 0, let a = first.baseAddress, let b = second.baseAddress,
    let x = source.baseAddress
  else { return }
  let c = third?.baseAddress
  var i = 0
  while i + 8 <= count {
    var (va, vb, vx) = (loadLanes(a + i), loadLanes(b + i), loadLanes(x + i))
    var vc = c.map { loadLanes($0 + i) } ?? SIMD8()
    update(&va, &vb, &vc, vx)
    storeLanes(va, a + i)
    storeLanes(vb, b + i)
    if let c { storeLanes(vc, c + i) }
    i += 8
  }
  let remaining = count - i
  guard remaining > 0 else { return }
  var (va, vb, vc, vx) = (SIMD8<Scalar>(), SIMD8<Scalar>(), SIMD8<Scalar>(), SIMD8<Scalar>())
  for k in 0..<remaining {
    (va[k], vb[k], vx[k]) = (a[i + k], b[i + k], x[i + k])
    if let c { vc[k] = c[i + k] }
  }
  update(&va, &vb, &vc, vx)
  for k in 0..<remaining {
    (a[i + k], b[i + k]) = (va[k], vb[k])
    if let c { c[i + k] = vc[k] }
  }
}

@inlinable @inline(__always)
func loadLanes<Scalar: VectorScalar>(_ pointer: UnsafePointer<Scalar>) -> SIMD8<Scalar> {
  UnsafeRawPointer(pointer).loadUnaligned(as: SIMD8<Scalar>.self)
}

@inlinable @inline(__always)
func loadLanes<Scalar: VectorScalar>(_ pointer: UnsafeMutablePointer<Scalar>) -> SIMD8<Scalar> {
  loadLanes(UnsafePointer(pointer))
}

@inlinable @inline(__always)
func storeLanes<Scalar: VectorScalar>(
  _ lanes: SIMD8<Scalar>, _ pointer: UnsafeMutablePointer<Scalar>
) {
  UnsafeMutableRawPointer(pointer).storeBytes(of: lanes, as: SIMD8<Scalar>.self)
}
