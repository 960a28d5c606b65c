/// Optimizers: update rules as sequences of iterations (issue: workflow).
@_exported import Autodiff
