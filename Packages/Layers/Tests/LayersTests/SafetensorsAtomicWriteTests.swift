import Foundation
import Layers
import XCTest

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// A model of `count` scalars, all equal to `value`.
private struct Big: Model {
  typealias Scalar = Float
  var weight: Tensor<Float>

  init(count: Int, value: Float) { weight = Tensor(repeating: value, shape: [count]) }
}

/// 64 MB of scalars: a save takes long enough to be interrupted.
private let bigCount = 16 << 20

/// The environment variable that tells a child process (this test binary, run again) what to do.
private let childVariable = "PROTOGRAD_SAFETENSORS_CHILD"

final class SafetensorsAtomicWriteTests: SafetensorsTestCase {
  /// In a child process started by `startChild`, performs the requested action and exits.
  private func runChildActionIfRequested() {
    guard let request = ProcessInfo.processInfo.environment[childVariable] else { return }
    try? FileManager.default.removeItem(at: directory)
    let words = request.split(separator: " ", maxSplits: 1).map(String.init)
    let url = URL(fileURLWithPath: words[1])
    switch words[0] {
    case "save":
      try! Big(count: bigCount, value: 2).save(to: url)
      exit(0)
    case "save-with-file-size-limit":
      // Files may grow to 4 KB only: the write fails with EFBIG (SIGXFSZ is ignored).
      #if canImport(Glibc)
      signal(SIGXFSZ, SIG_IGN)
      var limit = rlimit()
      getrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit)
      limit.rlim_cur = 4096
      setrlimit(__rlimit_resource_t(RLIMIT_FSIZE.rawValue), &limit)
      #endif
      do {
        try Big(count: 1 << 20, value: 2).save(to: url)
        print("saved without an error")
        exit(1)
      } catch {
        print(error)
        exit(0)
      }
    default:
      fatalError("unknown child request \(request)")
    }
  }

  /// Starts this test again in a child process with `request` in `childVariable`; its output goes
  /// to `output`.
  private func startChild(
    _ request: String, function: String = #function, output: Pipe? = nil
  ) throws -> Process {
    let child = Process()
    child.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
    child.arguments = ["\(String(reflecting: Self.self))/\(function.prefix { $0 != "(" })"]
    var environment = ProcessInfo.processInfo.environment
    environment[childVariable] = request
    child.environment = environment
    child.standardOutput = output ?? FileHandle.nullDevice
    child.standardError = output ?? FileHandle.nullDevice
    try child.run()
    return child
  }

  /// The temporary files that saves to `target` create beside it.
  private func temporaryFiles() throws -> [String] {
    try directoryContents().filter { $0.hasPrefix(".") && $0.hasSuffix(".tmp") }
  }

  /// The spec's test: a process killed in the middle of saving leaves the previous file intact.
  ///
  /// A child process saves a 64 MB model over a file; as soon as its temporary file has some
  /// but not all of its bytes, the child is killed. The temporary file is still there (so the
  /// rename never happened) and the target holds the previous model, byte for byte.
  func testKillingAProcessInTheMiddleOfSavingLeavesThePreviousFileIntact() throws {
    runChildActionIfRequested()
    let target = file("model.safetensors")
    try Big(count: bigCount, value: 1).save(to: target)
    let previous = try Data(contentsOf: target)
    var interruptedWrite: (name: String, size: Int)?
    for _ in 0..<10 where interruptedWrite == nil {
      for name in try temporaryFiles() { try FileManager.default.removeItem(at: file(name)) }
      let child = try startChild("save \(target.path)")
      var partial: (name: String, size: Int)?
      let deadline = Date().addingTimeInterval(60)
      while partial == nil, child.isRunning, Date() < deadline {
        for name in try temporaryFiles() {
          // The file may be renamed away between listing and reading its size.
          let attributes = try? FileManager.default.attributesOfItem(atPath: file(name).path)
          if let size = attributes?[.size] as? Int, size > 0, size < previous.count {
            kill(child.processIdentifier, SIGKILL)
            partial = (name, size)
          }
        }
        usleep(100)
      }
      if child.isRunning { kill(child.processIdentifier, SIGKILL) }
      child.waitUntilExit()
      if let partial, child.terminationReason == .uncaughtSignal,
        try temporaryFiles() == [partial.name]
      {
        interruptedWrite = partial
      } else if try Data(contentsOf: target) != previous {
        // The child finished its save before the kill: start again from the previous file.
        try Big(count: bigCount, value: 1).save(to: target)
      }
    }
    guard let interruptedWrite else {
      return XCTFail("no attempt killed the child in the middle of its save")
    }
    XCTAssertLessThan(interruptedWrite.size, previous.count)
    XCTAssertEqual(try Data(contentsOf: target), previous, "the previous file was damaged")
    var loaded = Big(count: bigCount, value: 0)
    try loaded.load(from: target)
    XCTAssertEqual(loaded.weight.scalars.prefix(3), [1, 1, 1])
  }

  /// A write that fails midway (the process may not grow files beyond 4 KB) throws, removes its
  /// temporary file and leaves the previous file intact.
  func testAWriteThatFailsMidwayLeavesThePreviousFileIntact() throws {
    #if !canImport(Glibc)
    throw XCTSkip("limits file sizes with Linux's setrlimit")
    #else
    runChildActionIfRequested()
    let target = file("model.safetensors")
    try Big(count: 16, value: 1).save(to: target)
    let previous = try Data(contentsOf: target)
    let output = Pipe()
    let child = try startChild("save-with-file-size-limit \(target.path)", output: output)
    let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
    child.waitUntilExit()
    XCTAssertEqual(child.terminationStatus, 0, text)
    XCTAssertTrue(text.contains("\(target.path): cannot write the file: File too large"), text)
    XCTAssertTrue(text.contains("The previous file, if any, is unchanged"), text)
    XCTAssertEqual(try Data(contentsOf: target), previous)
    XCTAssertEqual(try directoryContents(), ["model.safetensors"])
    #endif
  }

  func testASuccessfulSaveLeavesNoTemporaryFile() throws {
    let target = file("model.safetensors")
    try Big(count: 1000, value: 1).save(to: target)
    try Big(count: 1000, value: 2).save(to: target)
    XCTAssertEqual(try directoryContents(), ["model.safetensors"])
  }

  func testSavingIntoAMissingDirectoryIsAnError() throws {
    let target = file("missing/model.safetensors")
    XCTAssertThrowsError(try Big(count: 4, value: 1).save(to: target)) { error in
      XCTAssertEqual(
        "\(error)",
        "\(target.path): cannot write the file: the directory \(file("missing").path) does not "
          + "exist. The previous file, if any, is unchanged.")
    }
    XCTAssertEqual(try directoryContents(), [])
  }

  func testSavingOverADirectoryIsAnErrorAndCleansUp() throws {
    let target = file("model.safetensors")
    try FileManager.default.createDirectory(
      at: target.appendingPathComponent("inside"), withIntermediateDirectories: true)
    XCTAssertThrowsError(try Big(count: 4, value: 1).save(to: target)) { error in
      XCTAssertTrue("\(error)".hasPrefix("\(target.path): cannot write the file: replacing it: "))
    }
    XCTAssertEqual(try directoryContents(), ["model.safetensors"])
  }
}
