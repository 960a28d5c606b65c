// Running a fuzz harness without libFuzzer: over saved inputs, to reproduce a crash or to see
// what the harness makes of each seed, and to write the harness's seed corpus.

import Foundation

/// A fuzz harness, as the program that replays its inputs sees it.
public struct FuzzHarness {
  /// What the harness makes of one input, in one line: what the parser read or the error it
  /// threw. It traps when the parser does, or when what was read breaks a property the harness
  /// checks.
  public let outcome: ([UInt8]) -> String

  /// The seed inputs, each with its file name in the corpus.
  public let seeds: () throws -> [(name: String, bytes: [UInt8])]

  /// A harness from its two functions.
  ///
  /// - Parameters:
  ///   - outcome: What the harness makes of one input.
  ///   - seeds: The seed inputs with their file names.
  public init(
    outcome: @escaping ([UInt8]) -> String,
    seeds: @escaping () throws -> [(name: String, bytes: [UInt8])]
  ) {
    self.outcome = outcome
    self.seeds = seeds
  }

  /// The `main` of a harness built without libFuzzer, which returns the exit status.
  ///
  /// `fuzz-idx INPUT...` prints the outcome of each input file (of each file in a directory,
  /// such as a corpus); a crash file from libFuzzer traps here the same way, in a debugger if
  /// need be. `fuzz-idx --write-seeds DIRECTORY` writes the seed corpus into `DIRECTORY`.
  ///
  /// - Parameter arguments: The command-line arguments after the program's name.
  public func main(arguments: [String]) -> Int32 {
    do {
      if arguments.count == 2 && arguments[0] == "--write-seeds" {
        try writeSeeds(into: URL(fileURLWithPath: arguments[1], isDirectory: true))
      } else if !arguments.isEmpty && !arguments.contains(where: { $0.hasPrefix("-") }) {
        try replay(arguments)
      } else {
        let program = CommandLine.arguments.first.map { URL(fileURLWithPath: $0).lastPathComponent }
        print("usage: \(program ?? "fuzz-target") INPUT... | --write-seeds DIRECTORY")
        return 2
      }
    } catch {
      print("error: \(error)")
      return 1
    }
    return 0
  }

  /// Prints the outcome of each file in `paths`, a directory standing for its files.
  private func replay(_ paths: [String]) throws {
    let files = FileManager.default
    for path in paths {
      var isDirectory: ObjCBool = false
      let inputs =
        if files.fileExists(atPath: path, isDirectory: &isDirectory), isDirectory.boolValue {
          try files.contentsOfDirectory(atPath: path).sorted().map { path + "/" + $0 }
        } else {
          [path]
        }
      for input in inputs {
        let bytes = [UInt8](try Foundation.Data(contentsOf: URL(fileURLWithPath: input)))
        print("\(input): \(outcome(bytes))")
      }
    }
  }

  /// Writes each seed to a file of its name in `directory`, which is created if need be.
  private func writeSeeds(into directory: URL) throws {
    try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
    for (name, bytes) in try seeds() {
      try Foundation.Data(bytes).write(to: directory.appendingPathComponent(name))
      print("\(name): \(bytes.count) bytes")
    }
  }
}
