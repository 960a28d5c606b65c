/// A value that can serve as a step size: a number (a constant step) or a ``StepSize`` (which may
/// be a schedule).
///
/// Rules take `stepSize: some StepSizeConvertible`, so literals and variables both work:
///
/// ```swift
/// let lipschitz = 10.0
/// GradientDescent(stepSize: 0.1)
/// GradientDescent(stepSize: 1 / lipschitz)
/// GradientDescent(stepSize: StepSize((0...).lazy.map { k in k < 100 ? 0.1 : 0.01 }))
/// ```
public protocol StepSizeConvertible {
  /// The step sizes this value stands for.
  var stepSize: StepSize { get }
}

extension StepSize: StepSizeConvertible {
  /// The step sizes themselves.
  public var stepSize: StepSize { self }
}

extension Double: StepSizeConvertible {
  /// A constant step size of this value.
  public var stepSize: StepSize { StepSize(self) }
}

extension Float: StepSizeConvertible {
  /// A constant step size of this value.
  public var stepSize: StepSize { StepSize(self) }
}

extension Int: StepSizeConvertible {
  /// A constant step size of this value.
  public var stepSize: StepSize { StepSize(Double(self)) }
}
