#if canImport(FoundationEssentials)
import FoundationEssentials
#else
import Foundation
#endif

/// MNIST: 70,000 grey 28×28 images of handwritten digits, 60,000 for training and 10,000 for
/// testing, in memory.
///
/// Labels are the digits 0 to 9. Reference: Y. LeCun, L. Bottou, Y. Bengio and P. Haffner,
/// "Gradient-based learning applied to document recognition", Proc. IEEE 86(11), 1998.
///
/// ```swift
/// let data = try MNIST()   // $PROTOGRAD_DATA/mnist, $PROTOGRAD_DATA or /usr/share/datasets/mnist
/// data.trainImages.shape   // [60000, 1, 28, 28]
/// data.trainLabels[0]      // 5
/// ```
public struct MNIST: Sendable {
  /// The 60,000 training images, shape `[60000, 1, 28, 28]`: pixel bytes divided by 255, so
  /// 0 (background) to 1.
  public let trainImages: Tensor<Float>
  /// The digit of each training image, in `0..<10`.
  public let trainLabels: [Int]
  /// The 10,000 test images, shape `[10000, 1, 28, 28]`, in [0, 1].
  public let testImages: Tensor<Float>
  /// The digit of each test image, in `0..<10`.
  public let testLabels: [Int]

  static let layout = MNISTLayout(
    name: "MNIST", subdirectory: "mnist", systemDirectory: "/usr/share/datasets/mnist",
    installation: "Put train-images-idx3-ubyte.gz, train-labels-idx1-ubyte.gz, "
      + "t10k-images-idx3-ubyte.gz and t10k-labels-idx1-ubyte.gz (from a mirror of "
      + "http://yann.lecun.com/exdb/mnist/) in a directory and set PROTOGRAD_DATA to it or pass "
      + "it as `directory:`; for Fashion-MNIST, use FashionMNIST.")

  /// Loads the four MNIST files from `directory`, or, when it is `nil`, from the first of
  /// `$PROTOGRAD_DATA/mnist`, `$PROTOGRAD_DATA` and `/usr/share/datasets/mnist` that holds all
  /// four.
  ///
  /// The files are `train-images-idx3-ubyte`, `train-labels-idx1-ubyte`,
  /// `t10k-images-idx3-ubyte` and `t10k-labels-idx1-ubyte`, each gzip-compressed with `.gz`
  /// added to its name or not.
  ///
  /// ```swift
  /// let data = try MNIST(directory: URL(fileURLWithPath: "/data/mnist"))
  /// ```
  ///
  /// - Parameter directory: The directory holding the four files; `nil` to search.
  /// - Throws: ``DataLoadingError`` naming the file and the problem: the data set not found
  ///   (with the directories searched), or a file unreadable, corrupt, truncated, not 28×28
  ///   `uint8` images, or with labels that do not match the images.
  /// - Complexity: One pass over each file.
  public init(directory: URL? = nil) throws(DataLoadingError) {
    try self.init(directory: directory, environment: ProcessInfo.processInfo.environment)
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
