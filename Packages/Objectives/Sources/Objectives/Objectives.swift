/// Objectives: losses and supervised objectives (issue: workflow).
@_exported import Data
@_exported import NNOps
