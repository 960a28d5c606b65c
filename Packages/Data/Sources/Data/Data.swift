/// Data: endless batches, epochs and IDX loading.
///
/// - ``forever(_:)``: an infinite sequence from a closure, the `data` of a stochastic objective.
/// - ``randomMinibatches(_:_:batchSize:using:)`` and
///   ``shuffledEpoch(_:_:batchSize:droppingPartialBatch:using:)``: minibatches of `(x, y)`.
/// - ``IDXArray``: the MNIST file format, plain or gzip-compressed; ``FashionMNIST`` and ``MNIST``;
///   ``DataLoadingError``, what they throw.
/// - ``oneHot(_:classes:as:)``: class labels as one-hot rows.
@_exported import Autodiff
