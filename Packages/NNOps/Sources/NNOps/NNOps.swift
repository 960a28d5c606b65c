/// NNOps: neural-network kernels over CBLAS and their pullbacks (issue: NNOps).
@_exported import Autodiff
@_exported import Parallelism
