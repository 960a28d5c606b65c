import Foundation
import XCTest

/// Asserts that `body` stops the program with a precondition failure (or `preconditionFailure`)
/// whose message contains each of `fragments`.
///
/// A trap cannot be caught in-process, so the calling test is run again in a child process
/// (this test binary, filtered to that one test) in which this call runs `body`; here, the
/// child's exit status and output are checked.
public func assertPreconditionFailure(
  _ test: XCTestCase, containing fragments: String..., function: String = #function,
  file: StaticString = #filePath, line: UInt = #line, _ body: () -> Void
) {
  let variable = "PROTOGRAD_TESTS_EXPECTED_TRAP"
  let key = "\(file):\(line)"
  if let expected = ProcessInfo.processInfo.environment[variable] {
    // In the child: run only the body this child was started for.
    guard expected == key else { return }
    body()
    FileHandle.standardError.write(Data("\(key): returned without trapping\n".utf8))
    exit(0)
  }
  let testName = "\(String(reflecting: type(of: test)))/\(function.prefix { $0 != "(" })"
  let child = Process()
  child.executableURL = URL(fileURLWithPath: ProcessInfo.processInfo.arguments[0])
  child.arguments = [testName]
  var environment = ProcessInfo.processInfo.environment
  environment[variable] = key
  environment["SWIFT_BACKTRACE"] = "enable=no"
  child.environment = environment
  let output = Pipe()
  child.standardOutput = output
  child.standardError = output
  do {
    try child.run()
  } catch {
    XCTFail("could not start \(testName) in a child process: \(error)", file: file, line: line)
    return
  }
  let text = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
  child.waitUntilExit()
  guard
    child.terminationReason == .uncaughtSignal,
    text.contains("Precondition failed") || text.contains("Fatal error")
  else {
    XCTFail("expected a precondition failure; the child printed:\n\(text)", file: file, line: line)
    return
  }
  for fragment in fragments where !text.contains(fragment) {
    XCTFail("the failure message lacks \"\(fragment)\":\n\(text)", file: file, line: line)
  }
}
