// Without libFuzzer (a normal `swift build`), the harness is a program that replays inputs.

#if !LIBFUZZER
import _FuzzSupport
import Foundation

@main
enum Replay {
  static func main() {
    let harness = FuzzHarness(outcome: outcome(of:), seeds: seeds)
    exit(harness.main(arguments: Array(CommandLine.arguments.dropFirst())))
  }
}
#endif
