// NumPy broadcasting: shapes are aligned at their last dimension; a dimension of 1 (or a missing
// leading one) stretches to match the other.

/// The shape that `lhs` and `rhs` broadcast to.
///
/// When one of them is that shape (a bias and a batch, a scalar and anything), it is returned
/// itself: building a new array costs an allocation and, through the standard library's
/// unspecialized `Array(repeating:count:)`, a generic metadata lookup, about 600 instructions,
/// twice per step of the README model.
///
/// - Precondition: every pair of aligned dimensions is equal or one of them is 1.
func broadcastShape(_ lhs: [Int], _ rhs: [Int]) -> [Int] {
  if lhs == rhs { return lhs }
  let rank = max(lhs.count, rhs.count)
  var (lhsIsResult, rhsIsResult) = (lhs.count == rank, rhs.count == rank)
  for axis in 0..<rank {
    let (l, r) = (dimension(axis, of: lhs, rank: rank), dimension(axis, of: rhs, rank: rank))
    precondition(
      l == r || l == 1 || r == 1,
      "shapes \(lhs) and \(rhs) do not broadcast: dimension \(axis) is \(l) vs \(r)")
    let stretched = l == 1 ? r : l  // (a 1 stretches even to 0)
    if l != stretched { lhsIsResult = false }
    if r != stretched { rhsIsResult = false }
  }
  if lhsIsResult { return lhs }
  if rhsIsResult { return rhs }
  return (0..<rank).map {
    let l = dimension($0, of: lhs, rank: rank)
    return l == 1 ? dimension($0, of: rhs, rank: rank) : l
  }
}

/// Whether `shape` broadcasts to `target` itself (it has no more dimensions, and each of its
/// dimensions is 1 or the aligned one of `target`), checked without building a shape.
func broadcasts(_ shape: [Int], to target: [Int]) -> Bool {
  guard shape.count <= target.count else { return false }
  let offset = target.count - shape.count
  for axis in shape.indices where shape[axis] != 1 && shape[axis] != target[axis + offset] {
    return false
  }
  return true
}

/// Dimension `axis` of `shape` aligned at the last dimension to a shape of `rank` dimensions:
/// 1 where `shape` has no such dimension.
@inline(__always)
private func dimension(_ axis: Int, of shape: [Int], rank: Int) -> Int {
  let offset = rank - shape.count
  return axis < offset ? 1 : shape[axis - offset]
}

/// The strides (in scalars) with which a tensor of shape `shape` is read when broadcast to
/// `target`: 0 along stretched dimensions.
func broadcastStrides(of shape: [Int], to target: [Int]) -> [Int] {
  var strides = [Int](repeating: 0, count: target.count)
  var runningStride = 1
  for axis in stride(from: shape.count - 1, through: 0, by: -1) {
    let targetAxis = axis + target.count - shape.count
    strides[targetAxis] = shape[axis] == 1 ? 0 : runningStride
    runningStride *= shape[axis]
  }
  return strides
}

/// The scalar operations that broadcasting arithmetic applies.
enum BinaryOperator {
  case add, subtract, multiply, divide

  @inline(__always)
  func apply<Scalar: FloatingPoint>(_ a: Scalar, _ b: Scalar) -> Scalar {
    switch self {
    case .add: return a + b
    case .subtract: return a - b
    case .multiply: return a * b
    case .divide: return a / b
    }
  }
}

enum BroadcastKernels {
  /// `output[i] = op(lhs[i'], rhs[i''])` over the broadcast shape, where `i'` and `i''` are the
  /// broadcast positions. One loop per operator, so each inner loop is branch-free.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  static func apply<Scalar: TensorScalar>(
    _ op: BinaryOperator,
    _ lhs: UnsafePointer<Scalar>, shape lhsShape: [Int],
    _ rhs: UnsafePointer<Scalar>, shape rhsShape: [Int],
    into output: UnsafeMutablePointer<Scalar>, shape: [Int]
  ) {
    let counts = (
      lhs: Tensor<Scalar>.scalarCount(of: lhsShape), rhs: Tensor<Scalar>.scalarCount(of: rhsShape),
      output: Tensor<Scalar>.scalarCount(of: shape)
    )
    let count = counts.output
    if WideElementwise.runs(Scalar.self, count: count)
      && (counts.lhs == count || counts.lhs == 1) && (counts.rhs == count || counts.rhs == 1)
    {
      WideElementwise.binary(
        op, lhs, isScalar: counts.lhs == 1, rhs, isScalar: counts.rhs == 1, into: output,
        count: count)
      return
    }
    switch op {
    case .add: run(lhs, lhsShape, rhs, rhsShape, output, shape, counts) { $0 + $1 }
    case .subtract: run(lhs, lhsShape, rhs, rhsShape, output, shape, counts) { $0 - $1 }
    case .multiply: run(lhs, lhsShape, rhs, rhsShape, output, shape, counts) { $0 * $1 }
    case .divide: run(lhs, lhsShape, rhs, rhsShape, output, shape, counts) { $0 / $1 }
    }
  }

  @inline(__always)
  private static func run<Scalar: TensorScalar>(
    _ lhs: UnsafePointer<Scalar>, _ lhsShape: [Int],
    _ rhs: UnsafePointer<Scalar>, _ rhsShape: [Int],
    _ output: UnsafeMutablePointer<Scalar>, _ shape: [Int],
    _ counts: (lhs: Int, rhs: Int, output: Int),
    _ op: (Scalar, Scalar) -> Scalar
  ) {
    let (lhsCount, rhsCount, count) = (counts.lhs, counts.rhs, counts.output)
    if lhsCount == count && rhsCount == count {
      for i in 0..<count { output[i] = op(lhs[i], rhs[i]) }
      return
    }
    if rhsCount == 1 {
      let b = rhs[0]
      if lhsCount == count {
        for i in 0..<count { output[i] = op(lhs[i], b) }
        return
      }
    }
    if lhsCount == 1 && rhsCount == count {
      let a = lhs[0]
      for i in 0..<count { output[i] = op(a, rhs[i]) }
      return
    }
    guard count > 0 else { return }
    // General case: walk the output row by row (last dimension innermost), advancing each
    // operand by its broadcast strides.
    let rank = shape.count
    let lhsStrides = broadcastStrides(of: lhsShape, to: shape)
    let rhsStrides = broadcastStrides(of: rhsShape, to: shape)
    let rowLength = shape[rank - 1]
    let lhsStep = lhsStrides[rank - 1]
    let rhsStep = rhsStrides[rank - 1]
    var out = 0
    forEachStridedIndex(
      extents: shape.dropLast(), firstStrides: lhsStrides, secondStrides: rhsStrides
    ) { lhsOffset, rhsOffset in
      for j in 0..<rowLength {
        output[out + j] = op(lhs[lhsOffset + j * lhsStep], rhs[rhsOffset + j * rhsStep])
      }
      out += rowLength
    }
  }
}
