// Operations every vector space gets from its requirements.

extension VectorSpace {
  /// The scalar multiple `lhs · rhs`.
  @inlinable
  public static func * (lhs: Self, rhs: Scalar) -> Self { rhs * lhs }

  /// The quotient `lhs / rhs`, that is `(1 / rhs) · lhs`.
  @inlinable
  public static func / (lhs: Self, rhs: Scalar) -> Self { (1 / rhs) * lhs }

  @inlinable
  public static func += (lhs: inout Self, rhs: Self) { lhs.add(rhs, scaledBy: 1) }

  @inlinable
  public static func -= (lhs: inout Self, rhs: Self) { lhs.add(rhs, scaledBy: -1) }

  @inlinable
  public static func *= (lhs: inout Self, rhs: Scalar) { lhs.scale(by: rhs) }

  @inlinable
  public static func /= (lhs: inout Self, rhs: Scalar) { lhs.scale(by: 1 / rhs) }

  /// `self + factor · other`, as a new vector.
  @inlinable
  public func adding(_ other: Self, scaledBy factor: Scalar) -> Self {
    var result = self
    result.add(other, scaledBy: factor)
    return result
  }

  /// `factor · self`, as a new vector.
  @inlinable
  public func scaled(by factor: Scalar) -> Self { factor * self }

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
