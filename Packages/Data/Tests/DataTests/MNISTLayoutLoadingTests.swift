import Foundation
import XCTest

@testable import Data

final class MNISTLayoutLoadingTests: XCTestCase {
  /// Fashion-MNIST's layout with its system directory moved to where nothing is installed.
  func layout(systemDirectory: URL) -> MNISTLayout {
    MNISTLayout(
      name: "Fashion-MNIST", subdirectory: "fashion-mnist", systemDirectory: systemDirectory.path,
      installation: FashionMNIST.layout.installation)
  }

  func testTheFirstCompleteDirectoryIsUsed() throws {
    let root = try temporaryDirectory(self)
    let partial = root.appendingPathComponent("fashion-mnist")
    try FileManager.default.createDirectory(at: partial, withIntermediateDirectories: true)
    try writeFile([1], named: "train-images-idx3-ubyte.gz", in: partial)
    try MNISTLikeFiles(compressed: false).write(in: root)
    let files = try layout(systemDirectory: root.appendingPathComponent("none"))
      .locateFiles(in: nil, environment: ["PROTOGRAD_DATA": root.path])
    XCTAssertEqual(files.map(\.lastPathComponent), MNISTLayout.fileNames)
    XCTAssertEqual(
      files.map { $0.deletingLastPathComponent().standardizedFileURL.path },
      Array(repeating: root.standardizedFileURL.path, count: 4))
  }

  func testADataSetNowhereListsWhereItLookedAndHowToInstallIt() throws {
    let root = try temporaryDirectory(self)
    let system = root.appendingPathComponent("system")
    let error = loadingError {
      try layout(systemDirectory: system).locateFiles(in: nil, environment: [:])
    }
    XCTAssertEqual(
      error?.url.path, system.appendingPathComponent("train-images-idx3-ubyte.gz").path)
    assertMessage(
      error, names: system.appendingPathComponent("train-images-idx3-ubyte.gz"),
      contains: "Fashion-MNIST not found", "$PROTOGRAD_DATA (not set)",
      "\(system.path) (no such directory)", "sudo apt-get install dataset-fashion-mnist",
      "set PROTOGRAD_DATA to it", "directory:")
  }

  func testMissingFilesAreNamed() throws {
    let root = try temporaryDirectory(self)
    try writeFile([1], named: "train-images-idx3-ubyte", in: root)
    try writeFile([1], named: "t10k-images-idx3-ubyte.gz", in: root)
    let error = loadingError {
      try layout(systemDirectory: root.appendingPathComponent("none"))
        .locateFiles(in: nil, environment: ["PROTOGRAD_DATA": root.path])
    }
    let missing = "train-labels-idx1-ubyte[.gz], t10k-labels-idx1-ubyte[.gz]"
    assertMessage(
      error, names: root.appendingPathComponent("fashion-mnist/train-images-idx3-ubyte.gz"),
      contains: "$PROTOGRAD_DATA/fashion-mnist = \(root.path)/fashion-mnist (no such directory)",
      "$PROTOGRAD_DATA = \(root.path) (no \(missing))")
  }

  func testAGivenDirectoryIsTheOnlyOneSearched() throws {
    let root = try temporaryDirectory(self)
    try MNISTLikeFiles(compressed: false).write(in: root)
    let empty = root.appendingPathComponent("empty")
    try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
    let error = loadingError {
      try FashionMNIST.layout.locateFiles(in: empty, environment: ["PROTOGRAD_DATA": root.path])
    }
    assertMessage(
      error, names: empty, contains: "looked in: \(empty.path) (no train-images-idx3-ubyte[.gz]")
    XCTAssertFalse(error?.description.contains("PROTOGRAD_DATA =") ?? true)
  }

  func testImagesAndLabelsAreReadAndScaled() throws {
    let root = try temporaryDirectory(self)
    let files = MNISTLikeFiles(trainCount: 12, testCount: 3)
    try files.write(in: root)
    let split = try FashionMNIST.layout.load(
      images: root.appendingPathComponent("train-images-idx3-ubyte.gz"),
      labels: root.appendingPathComponent("train-labels-idx1-ubyte.gz"))
    XCTAssertEqual(split.images.shape, [12, 1, 28, 28])
    XCTAssertEqual(split.labels, (0..<12).map { $0 % 10 })
    assertPixels(split.images, equal: files.imageBytes(count: 12))
  }

  /// The error of loading the training split of `files`, after `change` rewrote some of them.
  func trainingSplitError(
    _ files: MNISTLikeFiles = MNISTLikeFiles(), change: (URL) throws -> Void = { _ in }
  ) throws -> (DataLoadingError?, URL) {
    let root = try temporaryDirectory(self)
    try files.write(in: root)
    try change(root)
    let error = loadingError { try FashionMNIST(directory: root, environment: [:]) }
    return (error, root)
  }

  func testLabelsThatDoNotMatchTheImagesThrow() throws {
    let (error, root) = try trainingSplitError {
      try writeFile(
        gzipped(idxBytes(type: 0x08, shape: [29], elements: [UInt8](repeating: 1, count: 29))),
        named: "train-labels-idx1-ubyte.gz", in: $0)
    }
    XCTAssertEqual(
      error?.problem,
      .countMismatch(
        labels: 29, images: 30,
        imagesFile: root.appendingPathComponent("train-images-idx3-ubyte.gz")))
    assertMessage(
      error, names: root.appendingPathComponent("train-labels-idx1-ubyte.gz"),
      contains: "29 labels for the 30 images of", "train-images-idx3-ubyte.gz")
  }

  func testALabelOutsideTheTenClassesThrows() throws {
    let (error, root) = try trainingSplitError {
      var labels = [UInt8](repeating: 3, count: 20)
      labels[17] = 10
      try writeFile(
        gzipped(idxBytes(type: 0x08, shape: [20], elements: labels)),
        named: "t10k-labels-idx1-ubyte.gz", in: $0)
    }
    XCTAssertEqual(error?.problem, .labelOutOfRange(label: 10, index: 17, classes: 10))
    assertMessage(
      error, names: root.appendingPathComponent("t10k-labels-idx1-ubyte.gz"),
      contains: "label 10 at index 17 is not a class in 0..<10")
  }

  func testImagesThatAreNot28By28Throw() throws {
    let (error, root) = try trainingSplitError(MNISTLikeFiles(side: 32))
    XCTAssertEqual(
      error?.problem,
      .unexpectedShape([30, 32, 32], expected: "[n, 28, 28]: n images of 28×28 pixels"))
    assertMessage(
      error, names: root.appendingPathComponent("train-images-idx3-ubyte.gz"),
      contains: "shape [30, 32, 32], expected [n, 28, 28]")
  }

  func testImagesThatAreNotBytesThrow() throws {
    let (error, root) = try trainingSplitError {
      let elements = [UInt8](repeating: 0, count: 2 * 28 * 28 * 4)
      try writeFile(
        gzipped(idxBytes(type: 0x0D, shape: [2, 28, 28], elements: elements)),
        named: "train-images-idx3-ubyte.gz", in: $0)
    }
    assertMessage(
      error, names: root.appendingPathComponent("train-images-idx3-ubyte.gz"),
      contains: "float32 (0x0D), expected uint8 (0x08) pixels")
  }

  func testLabelsWithTwoAxesThrow() throws {
    let (error, root) = try trainingSplitError {
      let labels = idxBytes(type: 0x08, shape: [30, 1], elements: [UInt8](repeating: 0, count: 30))
      try writeFile(gzipped(labels), named: "train-labels-idx1-ubyte.gz", in: $0)
    }
    assertMessage(
      error, names: root.appendingPathComponent("train-labels-idx1-ubyte.gz"),
      contains: "shape [30, 1], expected [n]")
  }

  func testACorruptFileOfTheSetNamesThatFile() throws {
    let (error, root) = try trainingSplitError {
      let compressed = try gzipped(
        idxBytes(type: 0x08, shape: [20], elements: [UInt8](repeating: 0, count: 20)))
      try writeFile(Array(compressed.dropLast(6)), named: "t10k-labels-idx1-ubyte.gz", in: $0)
    }
    XCTAssertEqual(error?.problem, .truncatedGzip)
    assertMessage(
      error, names: root.appendingPathComponent("t10k-labels-idx1-ubyte.gz"), contains: "truncated")
  }
}
