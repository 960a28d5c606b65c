import Foundation
import XCTest

@testable import Data

final class MNISTLayoutTests: XCTestCase {
  func testWithoutTheVariableOnlyTheSystemDirectoryIsSearched() {
    for environment in [[:], ["PROTOGRAD_DATA": ""]] {
      let path = FashionMNIST.layout.searchPath(environment: environment)
      XCTAssertEqual(path.map(\.url.path), ["/usr/share/datasets/fashion-mnist"])
    }
  }

  func testTheVariableComesFirstWithTheDataSetsSubdirectory() {
    let path = FashionMNIST.layout.searchPath(environment: ["PROTOGRAD_DATA": "/data"])
    XCTAssertEqual(
      path.map(\.url.path), ["/data/fashion-mnist", "/data", "/usr/share/datasets/fashion-mnist"])
    XCTAssertEqual(
      path.map(\.label),
      ["$PROTOGRAD_DATA/fashion-mnist", "$PROTOGRAD_DATA", "/usr/share/datasets/fashion-mnist"])
    XCTAssertEqual(
      MNIST.layout.searchPath(environment: ["PROTOGRAD_DATA": "/data"]).map(\.url.path),
      ["/data/mnist", "/data", "/usr/share/datasets/mnist"])
  }

  func testTheInstallationAdviceNamesThePackageAndTheVariable() {
    XCTAssertTrue(
      FashionMNIST.layout.installation.contains("sudo apt-get install dataset-fashion-mnist"))
    XCTAssertTrue(FashionMNIST.layout.installation.contains("PROTOGRAD_DATA"))
    XCTAssertTrue(MNIST.layout.installation.contains("PROTOGRAD_DATA"))
  }
}
