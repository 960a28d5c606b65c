/// Data: endless batches, epochs, IDX loading and augmentation.
///
/// - ``forever(_:)``: an infinite sequence from a closure, the `data` of a stochastic objective.
/// - ``randomMinibatches(_:_:batchSize:using:)`` and
///   ``shuffledEpoch(_:_:batchSize:droppingPartialBatch:using:)``: minibatches of `(x, y)`.
/// - ``IDXArray``: the MNIST file format, plain or gzip-compressed; ``FashionMNIST`` and ``MNIST``;
///   ``DataLoadingError``, what they throw.
/// - ``oneHot(_:classes:smoothing:as:)``: class labels as one-hot rows, optionally smoothed.
/// - ``randomHorizontalFlips(of:probability:using:)``: images mirrored at random, for training.
@_exported import Autodiff
