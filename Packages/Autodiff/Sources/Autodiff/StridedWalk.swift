/// Visits every multi-index of `extents` in row-major order (the last axis fastest), keeping the
/// linear offsets of two strided operands up to date, and calls `body(first, second)` with them.
///
/// Kernels walk the leading axes of their arrays with it and handle the innermost run (a row or
/// a contiguous block) themselves, so the per-row bookkeeping lives in one place.
///
/// - Parameters:
///   - extents: The size of each visited axis.
///   - firstStrides, secondStrides: Each operand's stride along each visited axis (0 where it is
///     broadcast or unused).
@inline(__always)
func forEachStridedIndex(
  extents: ArraySlice<Int>, firstStrides: [Int], secondStrides: [Int],
  _ body: (_ first: Int, _ second: Int) -> Void
) {
  let rank = extents.count
  let start = extents.startIndex
  guard !extents.contains(0) else { return }
  var index = [Int](repeating: 0, count: rank)
  var first = 0
  var second = 0
  while true {
    body(first, second)
    var axis = rank - 1
    while axis >= 0 {
      index[axis] += 1
      first += firstStrides[axis]
      second += secondStrides[axis]
      if index[axis] < extents[start + axis] { break }
      first -= firstStrides[axis] * extents[start + axis]
      second -= secondStrides[axis] * extents[start + axis]
      index[axis] = 0
      axis -= 1
    }
    if axis < 0 { return }
  }
}
