#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// Fashion-MNIST: 70,000 grey 28×28 images of clothing in 10 classes, 60,000 for training and
/// 10,000 for testing, in memory.
///
/// A drop-in replacement for MNIST that is harder to fit: a linear model reaches about 84% test
/// accuracy, a small convolutional network about 91%. Labels are indices into ``classNames``.
/// Reference: H. Xiao, K. Rasul and R. Vollgraf, "Fashion-MNIST: a novel image dataset for
/// benchmarking machine learning algorithms", arXiv:1708.07747, 2017.
///
/// ```swift
/// let data = try FashionMNIST()        // $PROTOGRAD_DATA, else Debian's dataset-fashion-mnist
/// data.trainImages.shape               // [60000, 1, 28, 28]
/// data.trainLabels[0]                  // 9
/// FashionMNIST.classNames[9]           // "Ankle boot"
/// let y = oneHot(data.trainLabels, classes: 10)   // [60000, 10]
/// ```
public struct FashionMNIST: Sendable {
  /// The 60,000 training images, shape `[60000, 1, 28, 28]`: pixel bytes divided by 255, so
  /// 0 (background) to 1.
  public let trainImages: Tensor<Float>
  /// The class of each training image, in `0..<10`.
  public let trainLabels: [Int]
  /// The 10,000 test images, shape `[10000, 1, 28, 28]`, in [0, 1].
  public let testImages: Tensor<Float>
  /// The class of each test image, in `0..<10`.
  public let testLabels: [Int]

  /// The names of the 10 classes, indexed by label.
  public static let classNames = [
    "T-shirt/top", "Trouser", "Pullover", "Dress", "Coat", "Sandal", "Shirt", "Sneaker", "Bag",
    "Ankle boot",
  ]

  static let layout = MNISTLayout(
    name: "Fashion-MNIST", subdirectory: "fashion-mnist",
    systemDirectory: "/usr/share/datasets/fashion-mnist",
    installation: "Install it with `sudo apt-get install dataset-fashion-mnist` (Debian, Ubuntu), "
      + "or put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
      + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (from "
      + "https://github.com/zalandoresearch/fashion-mnist) in a directory and set "
      + "PROTOGRAD_DATA to it or pass it as `directory:`.")

  /// Loads the four Fashion-MNIST files from `directory`, or, when it is `nil`, from the first
  /// of `$PROTOGRAD_DATA/fashion-mnist`, `$PROTOGRAD_DATA` and
  /// `/usr/share/datasets/fashion-mnist` (Debian's `dataset-fashion-mnist`) that holds all four.
  ///
  /// The files are `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
  /// `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte`, each gzip-compressed with `.gz`
  /// added to its name or not.
  ///
  /// ```swift
  /// let data = try FashionMNIST(directory: URL(fileURLWithPath: "/data/fashion"))
  /// ```
  ///
  /// - Parameter directory: The directory holding the four files; `nil` to search.
  /// - Throws: ``DataLoadingError`` naming the file and the problem: the data set not found
  ///   (with the directories searched and how to install it), or a file unreadable, corrupt,
  ///   truncated, not 28×28 `uint8` images, or with labels that do not match the images.
  /// - Complexity: One pass over each file.
  public init(directory: URL? = nil) throws(DataLoadingError) {
    try self.init(
      directory: directory, environment: ProcessInfo.processInfo.environment)
  }

  /// Loads the data set, searching with the environment variables `environment`.
  init(directory: URL?, environment: [String: String]) throws(DataLoadingError) {
    let (train, test) = try Self.layout.loadSplits(in: directory, environment: environment)
    trainImages = train.images
    trainLabels = train.labels
    testImages = test.images
    testLabels = test.labels
  }
}
