/// NNOps: neural-network kernels over CBLAS and their pullbacks (issue: NNOps).
@_exported import Autodiff

/// Whether no gradient computation follows `x`: then the tape drops its gradient, and the
/// pullbacks skip the product or convolution that would compute it (the input gradient of a
/// network's first layer, say), returning zeros instead.
func isConstant<Scalar>(_ x: Tensor<Scalar>) -> Bool {
  !x.isBeingDifferentiated
}
