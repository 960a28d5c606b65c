import Autodiff
import XCTest

/// Asserts that reverse mode agrees with central finite differences (scalar by scalar) and with
/// forward mode (along a random direction) for `f` at `x`, within a relative `tolerance`.
///
/// Use `Double` inputs: see ``checkGradient(at:in:stepSize:)``.
public func assertGradientIsCorrect<Input: VectorSpace>(
  at x: Input, tolerance: Double = 1e-6, file: StaticString = #filePath, line: UInt = #line,
  in f: (Input) -> Tensor<Input.Scalar>
) where Input.Scalar: TensorScalar {
  let report = checkGradient(at: x, in: f)
  XCTAssertTrue(report.passes(tolerance: tolerance), "\(report)", file: file, line: line)
}

/// Asserts that the exact Hessian-vector product of `f` at `x` along `v` agrees with a central
/// finite difference of gradients, `(∇f(x + hv) − ∇f(x − hv)) / 2h`.
public func assertHessianVectorProductIsCorrect<Input: VectorSpace>(
  at x: Input, along v: Input, tolerance: Double = 1e-6,
  file: StaticString = #filePath, line: UInt = #line,
  in f: (Input) -> Tensor<Input.Scalar>
) where Input.Scalar: TensorScalar {
  let exact = hessianVectorProduct(at: x, along: v, in: f).flattened()
  let h = Input.Scalar(1e-5)
  let plus = gradient(at: x.adding(v, scaledBy: h), in: f).flattened()
  let minus = gradient(at: x.adding(v, scaledBy: -h), in: f).flattened()
  let estimate = zip(plus, minus).map { ($0 - $1) / (2 * h) }
  assertSameScalars(
    exact.map(Double.init), estimate.map(Double.init), "Hessian-vector product", tolerance,
    file: file, line: line)
}

/// A tensor of the given shape with deterministic, varied values in about [-1, 1] (a seeded
/// normal sample scaled down), for tests.
public func testTensor(_ shape: [Int], seed: UInt64 = 1) -> Tensor<Double> {
  var generator = SeededRandomNumberGenerator(seed: seed)
  return 0.5 * Tensor.randomNormal(shape: shape, using: &generator)
}
