import ArgumentParser
import Foundation

/// The options every Fashion-MNIST example takes (besides `--epochs`, whose default differs).
public struct TrainingOptions: ParsableArguments {
  @Option(help: "Seed of the random initialization, batches and dropout (same seed, same run).")
  public var seed: UInt64 = 0

  @Option(
    help: ArgumentHelp(
      "Directory with the four Fashion-MNIST .gz files.",
      discussion: "Default: $PROTOGRAD_DATA, then /usr/share/datasets/fashion-mnist "
        + "(Debian's dataset-fashion-mnist)."),
    transform: { URL(fileURLWithPath: $0, isDirectory: true) })
  public var data: URL?

  @Option(
    help: "Where to save the trained model (safetensors).",
    transform: { URL(fileURLWithPath: $0) })
  public var output: URL?

  public init() {}

  /// Checks an `--epochs` value.
  public static func validate(epochs: Int) throws {
    guard epochs > 0 else { throw ValidationError("--epochs must be at least 1, not \(epochs)") }
  }
}

/// The `--channels` option of the examples that build a ``LeNet``: the filter counts of its two
/// convolutions.
public struct ChannelOptions: ParsableArguments {
  @Option(help: "Filters of the two convolutions (the classic LeNet's 6,16; 16,32 is wider).")
  public var channels = "6,16"

  public init() {}

  /// The two filter counts, checked.
  public func filters() throws -> (first: Int, second: Int) {
    let parts = channels.split(separator: ",").map {
      Int($0.trimmingCharacters(in: .whitespaces))
    }
    guard parts.count == 2, let first = parts[0], let second = parts[1], first > 0, second > 0
    else {
      throw ValidationError(
        "--channels takes two positive filter counts, like 6,16; not \(channels)")
    }
    return (first, second)
  }
}
