// Shared checkers for every package's tests: vector-space laws and gradient checks.
@_exported import Autodiff
@_exported import VectorSpace
