import Optimizers
import XCTest
import _TestSupport

/// ProtoGrad's convex quadratic `f(x) = ½ xᵀQx + qᵀx` in ten variables, with
/// `Q = diag(10, 0.1, 1, …, 1)` and `q = (1, 2, …, 10)`: `L = 10`, `x* = −Q⁻¹q`.
enum Quadratic {
  static let diagonal: [Double] = [10, 0.1, 1, 1, 1, 1, 1, 1, 1, 1]
  static let linear: [Double] = (1...10).map(Double.init)

  /// The Lipschitz constant of the gradient, `‖Q‖`.
  static let lipschitz = 10.0

  /// `x* = −Q⁻¹q`.
  static let minimizer = zip(linear, diagonal).map { -$0 / $1 }

  /// `f(x*) = −½ qᵀQ⁻¹q`.
  static let minimum = value(at: minimizer)

  /// `f` in Double, from plain scalars (the reference the tests measure against).
  static func value(at x: [Double]) -> Double {
    var total = 0.0
    for i in 0..<10 {
      let quadratic: Double = 0.5 * diagonal[i] * x[i] * x[i]
      total += quadratic + linear[i] * x[i]
    }
    return total
  }

  /// `f` on a tensor of ten scalars, for differentiation.
  static func objective<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> Tensor<Scalar> {
    let q = Tensor<Scalar>(diagonal.map { Scalar($0) })
    let c = Tensor<Scalar>(linear.map { Scalar($0) })
    return 0.5 * (q * x * x).sum() + (c * x).sum()
  }

  /// `‖x0 − x*‖²` for a start at zero, ProtoGrad's `‖x*‖²`.
  static let squaredDistanceFromZero = plainDot(minimizer, minimizer)
}

/// The quadratic over a model of two tensors (a `[2, 3]` matrix and four more scalars), so that
/// rules are exercised on more than one leaf.
struct QuadraticModel<Scalar: TensorScalar>: Model {
  var matrix: Tensor<Scalar>
  var vector: Tensor<Scalar>

  static var zero: QuadraticModel {
    QuadraticModel(matrix: .zeros(shape: [2, 3]), vector: .zeros(shape: [4]))
  }

  static func objective(_ m: QuadraticModel) -> Tensor<Scalar> {
    let q = Tensor<Scalar>(Quadratic.diagonal.map { Scalar($0) })
    let c = Tensor<Scalar>(Quadratic.linear.map { Scalar($0) })
    let (q1, q2) = (q[0..<6].reshaped(to: [2, 3]), q[6..<10])
    let (c1, c2) = (c[0..<6].reshaped(to: [2, 3]), c[6..<10])
    let quadratic = (q1 * m.matrix * m.matrix).sum() + (q2 * m.vector * m.vector).sum()
    return 0.5 * quadratic + (c1 * m.matrix).sum() + (c2 * m.vector).sum()
  }

  /// The objective's value in Double.
  var value: Double { Quadratic.value(at: flattened().map { Double($0) }) }
}

/// `x [n, in] · Aᵀ` for `A [out, in]`, written with broadcasting (NNOps's matmul is a layer
/// above): `[n, 1, in] * [1, out, in]`, summed over `in`.
func matmulTransposed<Scalar: TensorScalar>(
  _ x: Tensor<Scalar>, _ a: Tensor<Scalar>
) -> Tensor<Scalar> {
  (x.expandingShape(at: 1) * a.expandingShape(at: 0)).sum(alongAxis: 2)
}

/// The README's linear model: `y = x Aᵀ + b`.
struct LinearModel<Scalar: TensorScalar>: Model {
  var A: Tensor<Scalar>
  var b: Tensor<Scalar>

  func callAsFunction(_ x: Tensor<Scalar>) -> Tensor<Scalar> { matmulTransposed(x, A) + b }
}

/// The mean squared error over all elements (ProtoGrad's `mse`).
func meanSquaredError<Scalar: TensorScalar>(
  _ predicted: Tensor<Scalar>, _ expected: Tensor<Scalar>
) -> Tensor<Scalar> {
  let difference = predicted - expected
  return (difference * difference).mean()
}

/// ProtoGrad's supervised test problem: 5000 samples of 10 features, one output,
/// `y = W x + b + noise / 10`, a random starting model and the step `1 / L` with
/// `L = 2‖XᵀX‖ / n`.
struct LinearRegressionProblem<Scalar: TensorScalar> {
  let x: Tensor<Scalar>
  let y: Tensor<Scalar>
  let trueWeights: Tensor<Scalar>
  let trueBias: Tensor<Scalar>
  let start: LinearModel<Scalar>
  let stepSize: Double

  init(seed: UInt64 = 7, inputSize: Int = 10, outputSize: Int = 1, sampleCount: Int = 5000) {
    var generator = SeededRandomNumberGenerator(seed: seed)
    trueWeights = .randomNormal(shape: [outputSize, inputSize], using: &generator)
    trueBias = .randomNormal(shape: [outputSize], using: &generator)
    x = .randomNormal(shape: [sampleCount, inputSize], using: &generator)
    let noise = Tensor<Scalar>.randomNormal(shape: [sampleCount, outputSize], using: &generator)
    y = matmulTransposed(x, trueWeights) + trueBias + noise / 10
    start = LinearModel(
      A: .randomNormal(shape: [outputSize, inputSize], using: &generator),
      b: .randomNormal(shape: [outputSize], using: &generator))
    let gram = Self.gramMatrix(x.scalars.map { Double($0) }, columns: inputSize)
    stepSize = 1 / (2 * Self.largestEigenvalue(gram, size: inputSize) / Double(sampleCount))
  }

  var objective: (LinearModel<Scalar>) -> Tensor<Scalar> {
    let (x, y) = (x, y)
    return { model in meanSquaredError(model(x), y) }
  }

  /// `XᵀX` for `X` stored row-major with `columns` columns.
  static func gramMatrix(_ x: [Double], columns: Int) -> [Double] {
    var gram = [Double](repeating: 0, count: columns * columns)
    for row in stride(from: 0, to: x.count, by: columns) {
      for i in 0..<columns {
        for j in 0..<columns { gram[i * columns + j] += x[row + i] * x[row + j] }
      }
    }
    return gram
  }

  /// The largest eigenvalue of a symmetric positive semidefinite matrix, by power iteration.
  static func largestEigenvalue(_ matrix: [Double], size: Int) -> Double {
    var v = [Double](repeating: 1, count: size)
    var eigenvalue = 0.0
    for _ in 0..<500 {
      let w = (0..<size).map { i in (0..<size).reduce(0) { $0 + matrix[i * size + $1] * v[$1] } }
      eigenvalue = w.reduce(0) { $0 + $1 * $1 }.squareRoot()
      v = w.map { $0 / eigenvalue }
    }
    return eigenvalue
  }
}

/// `‖a − b‖ ≤ tolerance · max(‖a‖, ‖b‖)`, Julia's `isapprox` with `rtol`.
func isApproximatelyEqual<Scalar: TensorScalar>(
  _ a: Tensor<Scalar>, _ b: Tensor<Scalar>, relativeTolerance tolerance: Double
) -> Bool {
  func norm(_ x: [Scalar]) -> Double { x.reduce(0) { $0 + Double($1) * Double($1) }.squareRoot() }
  let difference = zip(a.scalars, b.scalars).map { $0 - $1 }
  return norm(difference) <= tolerance * max(norm(a.scalars), norm(b.scalars))
}

/// The base address of a tensor's storage, to see whether an update copied it.
func storageAddress<Scalar: TensorScalar>(_ x: Tensor<Scalar>) -> UnsafeRawPointer? {
  x.withUnsafeBufferPointer { UnsafeRawPointer($0.baseAddress) }
}

/// `Σᵢ aᵢ bᵢ` of plain arrays.
func plainDot(_ a: [Double], _ b: [Double]) -> Double {
  var total = 0.0
  for (x, y) in zip(a, b) { total += x * y }
  return total
}
