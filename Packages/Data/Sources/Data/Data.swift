/// Data: endless batches, epochs and IDX loading (issue: workflow).
@_exported import Autodiff
