// Objectives: losses and the supervised objective that couples a loss with a stream of batches.
@_exported import Data
@_exported import Layers
