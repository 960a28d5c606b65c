/// An infinite sequence whose elements are made by calling a closure, once per element.
///
/// Made by ``forever(_:)``. The sequence is its own iterator: iterating it calls the closure,
/// so two iterations of the same sequence see different elements when the closure has state.
public struct Forever<Element>: Sequence, IteratorProtocol {
  @usableFromInline let body: () -> Element

  /// A sequence that calls `body` for every element.
  @inlinable
  public init(_ body: @escaping () -> Element) {
    self.body = body
  }

  /// Calls the closure and returns its result; never `nil`.
  @inlinable
  public mutating func next() -> Element? {
    body()
  }
}

/// An infinite sequence whose elements are the results of calling `body`, once per element, as
/// they are asked for.
///
/// This is the `data` of a stochastic objective: each call of the objective takes the next
/// element, so every step of an optimizer sees a new batch. Take a finite part with `prefix(_:)`
/// or stop a `for` loop with `break`; `Array(forever { … })` never returns.
///
/// ```swift
/// var count = 0
/// let counting = forever { () -> Int in
///   count += 1
///   return count
/// }
/// Array(counting.prefix(3))   // [1, 2, 3]
/// ```
///
/// - Parameter body: Makes one element. It is called once per element taken, lazily, in order.
/// - Returns: The infinite sequence of `body()`, `body()`, ….
@inlinable
public func forever<Element>(_ body: @escaping () -> Element) -> Forever<Element> {
  Forever(body)
}
