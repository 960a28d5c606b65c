import Foundation
import XCTest

@testable import Data

final class FashionMNISTTests: XCTestCase {
  func testTheInstalledDataSet() throws {
    let directory = URL(fileURLWithPath: "/usr/share/datasets/fashion-mnist")
    guard FileManager.default.fileExists(atPath: directory.path) else {
      throw XCTSkip(
        "Fashion-MNIST is not installed in \(directory.path); "
          + "sudo apt-get install dataset-fashion-mnist")
    }
    let start = Date()
    let data = try FashionMNIST(directory: directory)
    print("FashionMNIST: 70,000 images loaded in \(Date().timeIntervalSince(start)) s")

    XCTAssertEqual(data.trainImages.shape, [60000, 1, 28, 28])
    XCTAssertEqual(data.testImages.shape, [10000, 1, 28, 28])
    XCTAssertEqual(data.trainLabels.count, 60000)
    XCTAssertEqual(data.testLabels.count, 10000)
    // The first labels, read from the files with Python's gzip module.
    XCTAssertEqual(Array(data.trainLabels.prefix(8)), [9, 0, 0, 3, 0, 2, 7, 2])
    XCTAssertEqual(Array(data.testLabels.prefix(8)), [9, 2, 1, 1, 6, 1, 4, 6])
    XCTAssertEqual(FashionMNIST.classNames[data.trainLabels[0]], "Ankle boot")
    XCTAssertEqual(counts(data.trainLabels), Array(repeating: 6000, count: 10))
    XCTAssertEqual(counts(data.testLabels), Array(repeating: 1000, count: 10))

    for images in [data.trainImages, data.testImages] {
      let (low, high) = images.withUnsafeBufferPointer { extremes($0) }
      XCTAssertEqual(low, 0)
      XCTAssertEqual(high, 1)
    }
    // The first image's pixel bytes sum to 76,247 (Python's gzip module again).
    let first = data.trainImages.withUnsafeBufferPointer { Array($0.prefix(784)) }
    XCTAssertEqual(first.reduce(0, +), 76_247 / 255, accuracy: 1e-3)
  }

  func testThePackageDirectoryIsTheDefault() throws {
    let root = try temporaryDirectory(self)
    let files = MNISTLikeFiles(trainCount: 10, testCount: 10)
    try files.write(in: root)
    let data = try FashionMNIST(directory: nil, environment: ["PROTOGRAD_DATA": root.path])
    XCTAssertEqual(data.trainImages.shape, [10, 1, 28, 28])
    XCTAssertEqual(data.testLabels, Array(0..<10))
  }

  func testTheClassNames() {
    XCTAssertEqual(FashionMNIST.classNames.count, 10)
    XCTAssertEqual(FashionMNIST.classNames[0], "T-shirt/top")
    XCTAssertEqual(FashionMNIST.classNames[9], "Ankle boot")
  }

  /// How often each of the labels 0..<10 occurs.
  func counts(_ labels: [Int]) -> [Int] {
    var counts = [Int](repeating: 0, count: 10)
    for label in labels { counts[label] += 1 }
    return counts
  }

  /// The smallest and largest of `values`.
  func extremes(_ values: UnsafeBufferPointer<Float>) -> (Float, Float) {
    var low = Float.infinity
    var high = -Float.infinity
    var i = 0
    while i < values.count {
      // Comparisons rather than the generic min and max, which are slow in debug builds.
      let value = values[i]
      if value < low { low = value }
      if value > high { high = value }
      i &+= 1
    }
    return (low, high)
  }
}
