@_exported import VectorSpace
