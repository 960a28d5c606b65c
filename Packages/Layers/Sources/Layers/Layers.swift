/// Layers: the `Layer` protocol and composable layers (issue: workflow).
@_exported import NNOps
