// Files for the loading tests: IDX bytes written by hand (independently of the reader), gzip
// made by the system's gzip program, all in a temporary directory per test.

import Data
import Foundation
import XCTest

/// A fresh temporary directory, removed when the test ends.
func temporaryDirectory(_ test: XCTestCase) throws -> URL {
  let directory = FileManager.default.temporaryDirectory
    .appendingPathComponent("protograd-data-tests-\(UUID().uuidString)", isDirectory: true)
  try FileManager.default.createDirectory(at: directory, withIntermediateDirectories: true)
  test.addTeardownBlock { try? FileManager.default.removeItem(at: directory) }
  return directory
}

/// The bytes of an IDX file: `00 00 type rank`, big-endian dimensions, then `elements`.
func idxBytes(type: UInt8, shape: [Int], elements: [UInt8]) -> [UInt8] {
  var bytes: [UInt8] = [0, 0, type, UInt8(shape.count)]
  for dimension in shape {
    bytes += [24, 16, 8, 0].map { UInt8(truncatingIfNeeded: dimension >> $0) }
  }
  return bytes + elements
}

/// Writes `bytes` to `name` in `directory` and returns the file's URL.
@discardableResult
func writeFile(_ bytes: [UInt8], named name: String, in directory: URL) throws -> URL {
  let url = directory.appendingPathComponent(name)
  try Foundation.Data(bytes).write(to: url)
  return url
}

/// `bytes` compressed by the system's `gzip` program.
func gzipped(_ bytes: [UInt8]) throws -> [UInt8] {
  let gzip = ["/usr/bin/gzip", "/bin/gzip"].first {
    FileManager.default.isExecutableFile(atPath: $0)
  }
  guard let gzip else { throw XCTSkip("no gzip program to make the compressed test files") }
  let process = Process()
  process.executableURL = URL(fileURLWithPath: gzip)
  process.arguments = ["-c", "-n"]
  let input = Pipe()
  let output = Pipe()
  process.standardInput = input
  process.standardOutput = output
  try process.run()
  input.fileHandleForWriting.write(Foundation.Data(bytes))
  try input.fileHandleForWriting.close()
  let compressed = output.fileHandleForReading.readDataToEndOfFile()
  process.waitUntilExit()
  XCTAssertEqual(process.terminationStatus, 0, "gzip failed")
  return [UInt8](compressed)
}

/// The `DataLoadingError` that `body` throws, or a test failure if it throws none or another.
func loadingError<T>(
  file: StaticString = #filePath, line: UInt = #line, _ body: () throws -> T
) -> DataLoadingError? {
  do {
    _ = try body()
    XCTFail("expected a DataLoadingError", file: file, line: line)
  } catch let error as DataLoadingError {
    return error
  } catch {
    XCTFail("expected a DataLoadingError, got \(error)", file: file, line: line)
  }
  return nil
}

/// Asserts that `error`'s message names `url`'s file and contains every fragment.
func assertMessage(
  _ error: DataLoadingError?, names url: URL, contains fragments: String...,
  file: StaticString = #filePath, line: UInt = #line
) {
  guard let error else { return }
  let message = error.description
  XCTAssertTrue(
    message.contains(url.lastPathComponent), "\(message) does not name \(url.lastPathComponent)",
    file: file, line: line)
  for fragment in fragments {
    XCTAssertTrue(
      message.contains(fragment), "\(message) lacks \"\(fragment)\"", file: file, line: line)
  }
}

/// Asserts that `images` holds `bytes / 255`, to within rounding.
func assertPixels(
  _ images: Tensor<Float>, equal bytes: [UInt8], file: StaticString = #filePath, line: UInt = #line
) {
  let scalars = images.scalars
  XCTAssertEqual(scalars.count, bytes.count, file: file, line: line)
  let mismatch = zip(scalars, bytes).enumerated().first { abs($1.0 - Float($1.1) / 255) > 1e-7 }
  if let (index, (scalar, byte)) = mismatch {
    XCTFail("pixel \(index) is \(scalar), not \(byte) / 255", file: file, line: line)
  }
}

/// A small data set in MNIST's layout: `count` images whose pixel `k` of image `i` is
/// `(i + k) % 256`, and labels `i % 10`.
struct MNISTLikeFiles {
  var trainCount = 30
  var testCount = 20
  var side = 28
  var compressed = true

  func imageBytes(count: Int) -> [UInt8] {
    let pixels = side * side
    return (0..<(count * pixels)).map { UInt8(($0 / pixels + $0 % pixels) % 256) }
  }

  func labelBytes(count: Int) -> [UInt8] { (0..<count).map { UInt8($0 % 10) } }

  /// Writes the four files into `directory`.
  func write(in directory: URL) throws {
    let files: [(String, [UInt8])] = [
      (
        "train-images-idx3-ubyte",
        idxBytes(type: 8, shape: [trainCount, side, side], elements: imageBytes(count: trainCount))
      ),
      (
        "train-labels-idx1-ubyte",
        idxBytes(type: 8, shape: [trainCount], elements: labelBytes(count: trainCount))
      ),
      (
        "t10k-images-idx3-ubyte",
        idxBytes(type: 8, shape: [testCount, side, side], elements: imageBytes(count: testCount))
      ),
      (
        "t10k-labels-idx1-ubyte",
        idxBytes(type: 8, shape: [testCount], elements: labelBytes(count: testCount))
      ),
    ]
    for (name, bytes) in files {
      if compressed {
        try writeFile(gzipped(bytes), named: name + ".gz", in: directory)
      } else {
        try writeFile(bytes, named: name, in: directory)
      }
    }
  }
}
