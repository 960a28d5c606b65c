// Finding and reading the four files of a data set laid out like MNIST.

#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// The images and labels of one split (training or test) of an MNIST-like data set.
struct LabeledImages {
  /// `[n, 1, 28, 28]`, in [0, 1].
  let images: Tensor<Float>
  /// `n` labels in `0..<10`.
  let labels: [Int]
}

extension MNISTLayout {
  /// The paths of the four files, in the order of ``fileNames``: in `directory` if given, else
  /// in the first directory of the search path that holds all four.
  func locateFiles(in directory: URL?, environment: [String: String]) throws(DataLoadingError)
    -> [URL]
  {
    let candidates =
      directory.map { [($0, $0.path)] } ?? searchPath(environment: environment)
    var searched: [String] = []
    if directory == nil && environment[Self.environmentVariable, default: ""].isEmpty {
      searched.append("$\(Self.environmentVariable) (not set)")
    }
    for (candidate, label) in candidates {
      let files = Self.fileNames.map { existingFile(named: $0, in: candidate) }
      let found = files.compactMap { $0 }
      if found.count == files.count {
        return found
      }
      let shown = label == candidate.path ? label : "\(label) = \(candidate.path)"
      if !FileManager.default.fileExists(atPath: candidate.path) {
        searched.append("\(shown) (no such directory)")
      } else {
        let missing = zip(Self.fileNames, files).filter { $0.1 == nil }.map { "\($0.0)[.gz]" }
        searched.append("\(shown) (no \(missing.joined(separator: ", ")))")
      }
    }
    let first = candidates[0].0.appendingPathComponent(Self.trainImagesFile + ".gz")
    throw DataLoadingError(
      url: first,
      problem: .datasetNotFound(dataset: name, searched: searched, installation: installation))
  }

  /// The file `name` in `directory`, else `name.gz`, else `nil`.
  private func existingFile(named name: String, in directory: URL) -> URL? {
    for candidate in [name, name + ".gz"] {
      let url = directory.appendingPathComponent(candidate)
      if FileManager.default.fileExists(atPath: url.path) {
        return url
      }
    }
    return nil
  }

  /// Reads and checks one split: `n` 28×28 `uint8` images and `n` `uint8` labels in `0..<10`.
  func load(images imagesURL: URL, labels labelsURL: URL) throws(DataLoadingError)
    -> LabeledImages
  {
    let side = Self.imageSide
    let images = try IDXArray(contentsOf: imagesURL)
    guard images.elementType == .uint8 else {
      throw DataLoadingError(
        url: imagesURL,
        problem: .unexpectedElementType(images.elementType, expected: "uint8 (0x08) pixels"))
    }
    guard images.shape.count == 3 && images.shape[1] == side && images.shape[2] == side else {
      throw DataLoadingError(
        url: imagesURL,
        problem: .unexpectedShape(
          images.shape, expected: "[n, \(side), \(side)]: n images of \(side)×\(side) pixels"))
    }
    let count = images.shape[0]

    let labelArray = try IDXArray(contentsOf: labelsURL)
    guard labelArray.elementType == .uint8 else {
      throw DataLoadingError(
        url: labelsURL,
        problem: .unexpectedElementType(labelArray.elementType, expected: "uint8 (0x08) labels"))
    }
    guard labelArray.shape.count == 1 else {
      throw DataLoadingError(
        url: labelsURL,
        problem: .unexpectedShape(labelArray.shape, expected: "[n]: one label per image"))
    }
    guard labelArray.shape[0] == count else {
      throw DataLoadingError(
        url: labelsURL,
        problem: .countMismatch(labels: labelArray.shape[0], images: count, imagesFile: imagesURL))
    }
    let labels = try labelArray.integers()
    if let index = labels.firstIndex(where: { $0 >= Self.classCount }) {
      throw DataLoadingError(
        url: labelsURL,
        problem: .labelOutOfRange(label: labels[index], index: index, classes: Self.classCount))
    }

    let pixels = images.tensor(as: Float.self, scaledBy: 1 / 255)
    return LabeledImages(images: pixels.reshaped(to: [count, 1, side, side]), labels: labels)
  }

  /// The training and test splits, from `directory` or the search path.
  func loadSplits(in directory: URL?, environment: [String: String]) throws(DataLoadingError)
    -> (train: LabeledImages, test: LabeledImages)
  {
    let files = try locateFiles(in: directory, environment: environment)
    let train = try load(images: files[0], labels: files[1])
    let test = try load(images: files[2], labels: files[3])
    return (train, test)
  }
}
