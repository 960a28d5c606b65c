/// ProtoGrad: deep learning, 99% fat free. The umbrella module re-exports every layer.
@_exported import Autodiff
@_exported import Data
@_exported import Layers
@_exported import NNOps
@_exported import Objectives
@_exported import Optimizers
@_exported import Parallelism
@_exported import VectorSpace
