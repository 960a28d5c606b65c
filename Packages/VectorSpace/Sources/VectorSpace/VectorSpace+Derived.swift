// Operations every vector space gets from its requirements.

extension VectorSpace {
  /// The sum `lhs + rhs`.
  @inlinable
  public static func + (lhs: Self, rhs: Self) -> Self { lhs.adding(rhs, scaledBy: 1) }

  /// The difference `lhs - rhs`.
  @inlinable
  public static func - (lhs: Self, rhs: Self) -> Self { lhs.adding(rhs, scaledBy: -1) }

  /// The additive inverse `-x`.
  @inlinable
  public static prefix func - (x: Self) -> Self { x.scaled(by: -1) }

  /// The scalar multiple `lhs · rhs`.
  @inlinable
  public static func * (lhs: Scalar, rhs: Self) -> Self { rhs.scaled(by: lhs) }

  /// The scalar multiple `lhs · rhs`.
  @inlinable
  public static func * (lhs: Self, rhs: Scalar) -> Self { lhs.scaled(by: rhs) }

  /// The quotient `lhs / rhs`, that is `(1 / rhs) · lhs`.
  @inlinable
  public static func / (lhs: Self, rhs: Scalar) -> Self { lhs.scaled(by: 1 / rhs) }

  @inlinable
  public static func += (lhs: inout Self, rhs: Self) { lhs.add(rhs, scaledBy: 1) }

  @inlinable
  public static func -= (lhs: inout Self, rhs: Self) { lhs.add(rhs, scaledBy: -1) }

  @inlinable
  public static func *= (lhs: inout Self, rhs: Scalar) { lhs.scale(by: rhs) }

  @inlinable
  public static func /= (lhs: inout Self, rhs: Scalar) { lhs.scale(by: 1 / rhs) }

  /// The squared Euclidean norm `⟨self, self⟩`.
  @inlinable
  public var squaredNorm: Scalar { dot(self) }

  /// The Euclidean norm `√⟨self, self⟩`.
  @inlinable
  public var norm: Scalar { squaredNorm.squareRoot() }
}

/// The inner product `Σᵢ aᵢ · bᵢ` of two vectors of the same shape.
///
/// ```swift
/// dot([1.0, 2.0], [3.0, 4.0])   // 11.0
/// ```
@inlinable
public func dot<V: VectorSpace>(_ a: V, _ b: V) -> V.Scalar { a.dot(b) }

extension Sequence where Element: VectorSpace {
  /// The sum of the vectors, or `nil` for an empty sequence (which has no shape to give a zero).
  public func sum() -> Element? { sumAndCount()?.sum }

  /// The mean of the vectors, or `nil` for an empty sequence.
  public func mean() -> Element? {
    guard var (total, count) = sumAndCount() else { return nil }
    total.scale(by: 1 / Element.Scalar(count))
    return total
  }

  /// The sum, accumulated in place into a copy of the first vector, and the number of vectors.
  private func sumAndCount() -> (sum: Element, count: Int)? {
    var iterator = makeIterator()
    guard var total = iterator.next() else { return nil }
    var count = 1
    while let next = iterator.next() {
      total.add(next, scaledBy: 1)
      count += 1
    }
    return (total, count)
  }
}
