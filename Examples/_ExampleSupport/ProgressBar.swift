import Foundation

/// A one-line training progress bar on standard error: the epoch, a bar, the step, the running
/// loss and the throughput.
///
/// On a terminal the line is redrawn in place; in a log (CI, a pipe) one line is printed every
/// tenth of the epoch, so logs stay short.
public struct ProgressBar {
  /// The number of steps in one epoch.
  public let stepsPerEpoch: Int
  /// The number of samples in one step (for the throughput).
  public let samplesPerStep: Int
  /// The number of epochs, for the `epoch 3/10` label.
  public let epochs: Int

  private let isTerminal = isatty(STDERR_FILENO) != 0
  private var epoch = 0
  private var lossSum = 0.0
  private var lossCount = 0
  private var epochStart = Date()
  private var lastDraw = Date.distantPast

  public init(stepsPerEpoch: Int, samplesPerStep: Int, epochs: Int) {
    self.stepsPerEpoch = stepsPerEpoch
    self.samplesPerStep = samplesPerStep
    self.epochs = epochs
  }

  /// Starts epoch `epoch` (1-based): resets the running loss and the clock.
  public mutating func startEpoch(_ epoch: Int) {
    self.epoch = epoch
    (lossSum, lossCount) = (0, 0)
    epochStart = Date()
  }

  /// Records the loss of step `step` (1-based, within the epoch) and redraws when it is time.
  public mutating func update(step: Int, loss: Double) {
    lossSum += loss
    lossCount += 1
    let now = Date()
    let due =
      isTerminal
      ? now.timeIntervalSince(lastDraw) > 0.1
      : step % max(stepsPerEpoch / 10, 1) == 0
    if due || step == stepsPerEpoch {
      lastDraw = now
      draw(step: step, now: now)
    }
  }

  /// Ends the epoch's line and returns the epoch's wall-clock time in seconds.
  @discardableResult
  public mutating func finishEpoch() -> Double {
    let seconds = Date().timeIntervalSince(epochStart)
    if isTerminal { FileHandle.standardError.write(Data("\n".utf8)) }
    return seconds
  }

  /// The mean loss of the steps recorded since the epoch started.
  public var meanLoss: Double { lossCount == 0 ? .nan : lossSum / Double(lossCount) }

  private func draw(step: Int, now: Date) {
    let width = 24
    let filled = width * step / max(stepsPerEpoch, 1)
    let bar = String(repeating: "=", count: filled) + String(repeating: " ", count: width - filled)
    let seconds = max(now.timeIntervalSince(epochStart), 1e-9)
    let rate = Double(step * samplesPerStep) / seconds
    let line =
      "epoch \(epoch)/\(epochs) [\(bar)] \(step)/\(stepsPerEpoch)  loss \(format(meanLoss, 4))  "
      + "\(format(rate, 0)) samples/s  \(format(seconds, 1)) s"
    let output = isTerminal ? "\r\(line)\u{1B}[K" : "\(line)\n"
    FileHandle.standardError.write(Data(output.utf8))
  }
}

/// `value` with `digits` digits after the point.
public func format(_ value: Double, _ digits: Int) -> String {
  String(format: "%.\(digits)f", value)
}
