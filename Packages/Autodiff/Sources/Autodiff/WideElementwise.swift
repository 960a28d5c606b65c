import _WideKernels

/// The `Float` elementwise loops of `_WideKernels` (binary operators, scaling in place),
/// eight lanes wide with AVX2, where the processor runs them and a loop is long enough to pay
/// for the call; elsewhere the Swift loops run, four lanes wide (the Swift code is built for the
/// x86-64 baseline, see NNOps's `WideKernels`). Each kernel does the Swift loop's operations in
/// its order, so values do not depend on which runs (for two NaN operands, the bits of the NaN
/// result may: each compiler picks an operand order).
package enum WideElementwise {
  /// Whether the AVX2 and FMA kernels of `_WideKernels` run here: checked once, for Autodiff's
  /// loops and NNOps's kernels alike.
  package static let available = protograd_avx2_fma_available() != 0

  /// The shortest loop handed to a kernel: below it, the call costs about what it saves.
  static let minimumCount = 32

  /// Whether a loop over `count` scalars of type `Scalar` runs in a kernel.
  @inline(__always)
  static func runs<Scalar>(_: Scalar.Type, count: Int) -> Bool {
    Scalar.self == Float.self && count >= minimumCount && available
  }

  /// `output[i] = lhs[i] ∘ rhs[i]`, an operand of one scalar standing for all `count`.
  @inline(__always)
  static func binary<Scalar>(
    _ op: BinaryOperator, _ lhs: UnsafePointer<Scalar>, isScalar lhsIsScalar: Bool,
    _ rhs: UnsafePointer<Scalar>, isScalar rhsIsScalar: Bool,
    into output: UnsafeMutablePointer<Scalar>, count: Int
  ) {
    let code: Int32
    switch op {
    case .add: code = Int32(PROTOGRAD_ADD)
    case .subtract: code = Int32(PROTOGRAD_SUBTRACT)
    case .multiply: code = Int32(PROTOGRAD_MULTIPLY)
    case .divide: code = Int32(PROTOGRAD_DIVIDE)
    }
    protograd_binary_avx2(
      code, floats(lhs), lhsIsScalar ? 0 : 1, floats(rhs), rhsIsScalar ? 0 : 1,
      mutableFloats(output), count)
  }

  /// `target[i] = (target[i] · factors[i]) · factor`, or `target[i] · factor` without factors.
  @inline(__always)
  static func scale<Scalar>(
    _ target: UnsafeMutablePointer<Scalar>, by factors: UnsafePointer<Scalar>?,
    _ factor: Scalar, count: Int
  ) {
    protograd_scale_avx2(
      mutableFloats(target), factors.map(floats), unsafeBitCast(factor, to: Float.self), count)
  }

  @inline(__always)
  private static func floats<Scalar>(_ pointer: UnsafePointer<Scalar>) -> UnsafePointer<Float> {
    UnsafeRawPointer(pointer).assumingMemoryBound(to: Float.self)
  }

  @inline(__always)
  private static func mutableFloats<Scalar>(
    _ pointer: UnsafeMutablePointer<Scalar>
  ) -> UnsafeMutablePointer<Float> {
    UnsafeMutableRawPointer(pointer).assumingMemoryBound(to: Float.self)
  }
}
