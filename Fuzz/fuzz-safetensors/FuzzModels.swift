// The models that the harness loads inputs into: small and fixed, so that the fuzzer can find
// their parameter names (they are in the dictionary and the seeds).

import Layers

/// A model whose parameters the harness knows by name, in declaration order.
protocol FuzzModel: Model where Scalar: FuzzScalar {
  init()
  static var parameterNames: [String] { get }
}

extension FuzzModel {
  /// The bit patterns of the scalars, to compare models bitwise (NaNs included).
  var bitPatterns: [UInt64] { flattened().map(\.bitPattern64) }
}

/// A scalar with its bit pattern as a `UInt64`.
protocol FuzzScalar: TensorScalar {
  var bitPattern64: UInt64 { get }
}

extension Float: FuzzScalar {
  var bitPattern64: UInt64 { UInt64(bitPattern) }
}

extension Double: FuzzScalar {
  var bitPattern64: UInt64 { bitPattern }
}

/// A `Float` model of two tensors: `weight` [2, 2] and `bias` [2].
struct FloatModel: FuzzModel {
  typealias Scalar = Float
  var weight = Tensor<Float>(shape: [2, 2], scalars: [1, 2, 3, 4])
  var bias = Tensor<Float>([5, 6])
  static let parameterNames = ["weight", "bias"]
}

/// A `Double` model of a tensor, `weight` [1, 3], and a scalar, `gain` (shape []).
struct DoubleModel: FuzzModel {
  typealias Scalar = Double
  var weight = Tensor<Double>(shape: [1, 3], scalars: [1, 2, 3])
  var gain = 4.0
  static let parameterNames = ["weight", "gain"]
}
