// NumPy broadcasting: shapes are aligned at their last dimension; a dimension of 1 (or a missing
// leading one) stretches to match the other.

/// The shape that `lhs` and `rhs` broadcast to.
///
/// - Precondition: every pair of aligned dimensions is equal or one of them is 1.
func broadcastShape(_ lhs: [Int], _ rhs: [Int]) -> [Int] {
  if lhs == rhs { return lhs }
  let rank = max(lhs.count, rhs.count)
  var shape = [Int](repeating: 1, count: rank)
  for axis in 0..<rank {
    let l = axis < rank - lhs.count ? 1 : lhs[axis - (rank - lhs.count)]
    let r = axis < rank - rhs.count ? 1 : rhs[axis - (rank - rhs.count)]
    precondition(
      l == r || l == 1 || r == 1,
      "shapes \(lhs) and \(rhs) do not broadcast: dimension \(axis) is \(l) vs \(r)")
    shape[axis] = l == 1 ? r : l
  }
  return shape
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
    switch op {
    case .add: run(lhs, lhsShape, rhs, rhsShape, output, shape) { $0 + $1 }
    case .subtract: run(lhs, lhsShape, rhs, rhsShape, output, shape) { $0 - $1 }
    case .multiply: run(lhs, lhsShape, rhs, rhsShape, output, shape) { $0 * $1 }
    case .divide: run(lhs, lhsShape, rhs, rhsShape, output, shape) { $0 / $1 }
    }
  }

  @inline(__always)
  private static func run<Scalar: TensorScalar>(
    _ lhs: UnsafePointer<Scalar>, _ lhsShape: [Int],
    _ rhs: UnsafePointer<Scalar>, _ rhsShape: [Int],
    _ output: UnsafeMutablePointer<Scalar>, _ shape: [Int],
    _ op: (Scalar, Scalar) -> Scalar
  ) {
    let count = Tensor<Scalar>.scalarCount(of: shape)
    let lhsCount = Tensor<Scalar>.scalarCount(of: lhsShape)
    let rhsCount = Tensor<Scalar>.scalarCount(of: rhsShape)
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
