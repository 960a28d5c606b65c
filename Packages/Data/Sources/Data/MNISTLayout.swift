// What MNIST and Fashion-MNIST share: four IDX files with the same names, 28×28 grey images with
// labels in 0..<10, and the places to look for them.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// A data set laid out like MNIST, and where to look for it.
struct MNISTLayout: Sendable {
  /// The data set's name in messages, such as `Fashion-MNIST`.
  let name: String
  /// The directory looked in under `$PROTOGRAD_DATA` before `$PROTOGRAD_DATA` itself.
  let subdirectory: String
  /// The directory a system package installs it in.
  let systemDirectory: String
  /// How to get the data set, for the message when it is not found.
  let installation: String

  /// The environment variable naming a directory with data sets.
  static let environmentVariable = "PROTOGRAD_DATA"

  /// The four files' names without `.gz`; either that name or the name with `.gz` is read.
  static let trainImagesFile = "train-images-idx3-ubyte"
  static let trainLabelsFile = "train-labels-idx1-ubyte"
  static let testImagesFile = "t10k-images-idx3-ubyte"
  static let testLabelsFile = "t10k-labels-idx1-ubyte"
  static let fileNames = [trainImagesFile, trainLabelsFile, testImagesFile, testLabelsFile]

  /// The side of an image in pixels.
  static let imageSide = 28
  /// The number of classes; labels are in `0..<classCount`.
  static let classCount = 10

  /// The directories looked in when no directory is given, in order, and what to call each in
  /// a message: `$PROTOGRAD_DATA/<subdirectory>` and `$PROTOGRAD_DATA` when the variable is set,
  /// then the system directory.
  func searchPath(environment: [String: String]) -> [(url: URL, label: String)] {
    var path: [(url: URL, label: String)] = []
    if let data = environment[Self.environmentVariable], !data.isEmpty {
      let directory = URL(fileURLWithPath: data, isDirectory: true)
      path.append(
        (
          directory.appendingPathComponent(subdirectory, isDirectory: true),
          "$\(Self.environmentVariable)/\(subdirectory)"
        ))
      path.append((directory, "$\(Self.environmentVariable)"))
    }
    path.append((URL(fileURLWithPath: systemDirectory, isDirectory: true), systemDirectory))
    return path
  }
}
