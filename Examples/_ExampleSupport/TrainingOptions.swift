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
