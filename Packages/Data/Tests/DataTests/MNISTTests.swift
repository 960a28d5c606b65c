import Foundation
import XCTest

@testable import Data

final class MNISTTests: XCTestCase {
  func testLoadingFromADirectory() throws {
    let root = try temporaryDirectory(self)
    let files = MNISTLikeFiles(trainCount: 15, testCount: 4, compressed: false)
    try files.write(in: root)
    let data = try MNIST(directory: root)
    XCTAssertEqual(data.trainImages.shape, [15, 1, 28, 28])
    XCTAssertEqual(data.testImages.shape, [4, 1, 28, 28])
    XCTAssertEqual(data.trainLabels, (0..<15).map { $0 % 10 })
    XCTAssertEqual(data.testLabels, [0, 1, 2, 3])
    assertPixels(data.testImages, equal: files.imageBytes(count: 4))
  }

  func testTheVariablesSubdirectoryIsFound() throws {
    let root = try temporaryDirectory(self)
    let mnist = root.appendingPathComponent("mnist")
    try FileManager.default.createDirectory(at: mnist, withIntermediateDirectories: true)
    try MNISTLikeFiles(trainCount: 3, testCount: 2).write(in: mnist)
    let data = try MNIST(directory: nil, environment: ["PROTOGRAD_DATA": root.path])
    XCTAssertEqual(data.trainLabels, [0, 1, 2])
  }

  func testNotFoundSaysWhereItLooked() throws {
    if FileManager.default.fileExists(atPath: "/usr/share/datasets/mnist") {
      throw XCTSkip("MNIST is installed in /usr/share/datasets/mnist")
    }
    let error = loadingError { try MNIST(directory: nil, environment: [:]) }
    assertMessage(
      error, names: URL(fileURLWithPath: "/usr/share/datasets/mnist/train-images-idx3-ubyte.gz"),
      contains: "MNIST not found", "$PROTOGRAD_DATA (not set)",
      "/usr/share/datasets/mnist (no such directory)", "PROTOGRAD_DATA")
  }
}
