/// The last element of a finite sequence, or `nil` if it is empty.
///
/// ProtoGrad's `last`, for running an optimizer a fixed number of steps:
///
/// ```swift
/// let iterations = GradientDescent(stepSize: 0.1).iterations(from: m, minimizing: objective)
/// let solution = last(iterations.prefix(101))!.solution   // the start, then 100 steps
/// ```
///
/// While it advances, `last` holds the element before, so each step of an optimizer's iterations
/// copies the parameters once instead of updating them in place; a `for` loop that keeps only what
/// it needs avoids that copy.
///
/// - Complexity: O(n), one pass. Never returns for an infinite sequence.
public func last<Elements: Sequence>(_ sequence: Elements) -> Elements.Element? {
  var result: Elements.Element?
  for element in sequence { result = element }
  return result
}
