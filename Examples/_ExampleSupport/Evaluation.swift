import ProtoGrad

/// The fraction of `images` that `model` classifies as `labels` says, evaluated in batches of
/// `batchSize` outside training mode.
public func accuracy<M: Layer<Float>>(
  of model: M, images: Tensor<Float>, labels: [Int], batchSize: Int = 1000
) -> Double {
  var correct = 0
  for start in stride(from: 0, to: labels.count, by: batchSize) {
    let end = min(start + batchSize, labels.count)
    let predicted = model(images[start..<end]).argmax(alongAxis: 1)
    correct += zip(predicted, labels[start..<end]).count { $0 == $1 }
  }
  return Double(correct) / Double(max(labels.count, 1))
}
