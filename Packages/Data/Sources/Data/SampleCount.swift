// The checks shared by the minibatch samplers: inputs and targets hold the same samples along
// their first axis, and a batch fits in them.

/// The number of samples in `x` and `y`: the size of their first axis.
///
/// Stops with a message that says how to fix the call when either tensor has no first axis,
/// their sample counts differ, or a batch of `batchSize` does not fit.
func sampleCount<Scalar>(
  _ x: Tensor<Scalar>, _ y: Tensor<Scalar>, batchSize: Int, in function: String
) -> Int {
  precondition(
    x.rank >= 1 && y.rank >= 1,
    "\(function): x (shape \(x.shape)) and y (shape \(y.shape)) must have a first axis of "
      + "samples; reshape a single sample to [1, …]")
  let count = x.shape[0]
  precondition(
    y.shape[0] == count,
    "\(function): x has \(count) samples (shape \(x.shape)) but y has \(y.shape[0]) "
      + "(shape \(y.shape)); row i of x must be the input of row i of y")
  precondition(batchSize > 0, "\(function): batchSize must be positive, got \(batchSize)")
  precondition(
    batchSize <= count,
    "\(function): batchSize \(batchSize) is larger than the \(count) samples; "
      + "use a batchSize of at most \(count)")
  return count
}
