/// The step sizes of an optimizer, one per step: a constant, or any sequence of numbers (a
/// schedule).
///
/// Rules take their step size as any ``StepSizeConvertible``: a number literal or variable
/// (`stepSize: 0.1`, `stepSize: 1 / L`) is a constant step; wrap a sequence in `StepSize(_:)`
/// for a schedule. Each step draws the next number from the sequence; the position in the
/// sequence is part of the rule's state, so every state starts the schedule from its beginning.
///
/// ```swift
/// let decaying = StepSize((0...).lazy.map { k in 0.1 / Double(k + 1).squareRoot() })
/// Array(decaying.prefix(3))   // [0.1, 0.0707…, 0.0577…]
/// let iterations = GradientDescent(stepSize: decaying).iterations(from: m, minimizing: f)
/// ```
///
/// Every step size must be positive and finite; a schedule must be at least as long as the
/// number of steps taken (an infinite sequence is simplest). Both are checked as steps are drawn.
/// The sequence is iterated anew for each state, so it should be multi-pass (collections, lazy
/// maps over ranges and `sequence(first:next:)` are).
public struct StepSize: Sequence {
  enum Source {
    case constant(Double)
    case schedule(() -> any IteratorProtocol<Double>)
  }

  let source: Source

  /// A constant step size.
  public init<Value: BinaryFloatingPoint>(_ value: Value) {
    source = .constant(Double(value))
  }

  /// The step sizes `schedule` yields, in order: the first for the first step.
  public init<Schedule: Sequence>(_ schedule: Schedule)
  where Schedule.Element: BinaryFloatingPoint {
    source = .schedule { ConvertingIterator(base: schedule.makeIterator()) }
  }

  /// The step sizes from the first.
  public func makeIterator() -> Iterator {
    switch source {
    case .constant(let value): Iterator(source: .constant(value))
    case .schedule(let makeIterator): Iterator(source: .schedule(makeIterator()))
    }
  }

  /// The constant value, or `nil` for a schedule.
  var constantValue: Double? {
    if case .constant(let value) = source { return value }
    return nil
  }

  /// A position in a sequence of step sizes; optimizer states hold one.
  public struct Iterator: IteratorProtocol {
    enum Source {
      case constant(Double)
      case schedule(any IteratorProtocol<Double>)
    }

    var source: Source

    /// The number of step sizes drawn so far.
    var drawn = 0

    /// The next step size, or `nil` when a finite schedule has ended.
    public mutating func next() -> Double? {
      let value: Double?
      switch source {
      case .constant(let constant):
        value = constant
      case .schedule(var iterator):
        value = iterator.next()
        source = .schedule(iterator)
      }
      if value != nil { drawn += 1 }
      return value
    }

    /// The next step size for a step of `rule`, checked to exist and to be positive and finite.
    @usableFromInline
    mutating func nextStepSize(for rule: String) -> Double {
      guard let value = next() else {
        preconditionFailure(
          "\(rule): the step-size schedule ended after \(drawn) steps; a schedule must yield a "
            + "step size for every step (use an infinite sequence)")
      }
      precondition(
        value > 0 && value.isFinite,
        "\(rule): step size \(drawn) of the schedule is \(value); step sizes must be positive "
          + "and finite")
      return value
    }
  }
}

extension StepSize: ExpressibleByFloatLiteral, ExpressibleByIntegerLiteral {
  /// A constant step size written as a literal.
  public init(floatLiteral value: Double) { self.init(value) }

  /// A constant step size written as an integer literal.
  public init(integerLiteral value: Int) { self.init(Double(value)) }
}

extension StepSize {
  /// Checks a constant step size when a rule is made (schedules are checked step by step).
  func validated(for rule: String) -> StepSize {
    if let value = constantValue {
      precondition(
        value > 0 && value.isFinite,
        "\(rule): stepSize must be positive and finite, got \(value)")
    }
    return self
  }
}

/// An iterator of any floating-point numbers, yielding them as `Double`s.
struct ConvertingIterator<Base: IteratorProtocol>: IteratorProtocol
where Base.Element: BinaryFloatingPoint {
  var base: Base

  mutating func next() -> Double? { base.next().map { Double($0) } }
}
