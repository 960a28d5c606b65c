/// One point of an optimization run: the parameters, and the objective's value and gradient there.
///
/// ```swift
/// for (k, iteration) in optimizer.iterations(from: m, minimizing: f).prefix(100).enumerated() {
///   guard iteration.isFinite else { print("diverged at step \(k)"); break }
///   print(k, iteration.value)
/// }
/// ```
public struct Iteration<Parameters: VectorSpace> {
  /// The solution and gradient, shared with the ``Iterations`` that made this iteration until it
  /// takes a step.
  @usableFromInline let point: IterationPoint<Parameters>

  /// The objective's value at ``solution``.
  public let value: Parameters.Scalar

  /// The parameters at this point (the model, for a model objective).
  @inlinable public var solution: Parameters { point.solution! }

  /// The objective's gradient at ``solution``, of the parameters' type.
  @inlinable public var gradient: Parameters { point.gradient! }

  /// An iteration with the given solution, value and gradient.
  public init(solution: Parameters, value: Parameters.Scalar, gradient: Parameters) {
    self.init(point: IterationPoint(solution: solution, gradient: gradient), value: value)
  }

  @inlinable
  init(point: IterationPoint<Parameters>, value: Parameters.Scalar) {
    self.point = point
    self.value = value
  }

  /// Whether the value and every scalar of the gradient are finite (neither infinite nor NaN).
  ///
  /// A run that diverges, or meets a `log(0)`, produces non-finite values and gradients, after
  /// which every later iteration is non-finite too. Stop early on the first one:
  ///
  /// ```swift
  /// let run = optimizer.iterations(from: m, minimizing: f).lazy.prefix(while: \.isFinite)
  /// ```
  ///
  /// - Complexity: O(scalar count of the gradient), one read.
  public var isFinite: Bool {
    value.isFinite && gradient.hasOnlyFiniteScalars
  }
}

extension VectorSpace {
  /// Whether every scalar of every leaf is finite.
  var hasOnlyFiniteScalars: Bool {
    var visitor = FiniteScalarsCheck(root: self)
    visitLeaves(&visitor)
    return visitor.allFinite
  }
}

/// Checks the scalars of each leaf, stopping at the first leaf that is not finite.
struct FiniteScalarsCheck<Root: VectorSpace>: LeafVisitor {
  let root: Root
  var allFinite = true

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    guard allFinite else { return }
    allFinite = leaf.value(in: root).withUnsafeBufferPointer { allScalarsAreFinite($0) }
  }
}

/// Whether every element of `x` is finite: `0 · x` is 0 for finite `x` and NaN otherwise, and
/// a sum of such terms is NaN if any one is. Eight independent lanes keep the loop vectorized.
@_specialize(where Scalar == Float)
@_specialize(where Scalar == Double)
func allScalarsAreFinite<Scalar: VectorScalar>(_ x: UnsafeBufferPointer<Scalar>) -> Bool {
  guard let base = x.baseAddress else { return true }
  let raw = UnsafeRawPointer(base)
  let stride = MemoryLayout<Scalar>.stride
  var lanes = SIMD8<Scalar>()
  var i = 0
  while i + 8 <= x.count {
    lanes += raw.loadUnaligned(fromByteOffset: i * stride, as: SIMD8<Scalar>.self) * 0
    i += 8
  }
  var total = lanes.sum()
  while i < x.count {
    total += base[i] * 0
    i += 1
  }
  return total == 0
}
