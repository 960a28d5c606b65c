import Autodiff
import _WideKernels

/// The kernels in C (`_WideKernels`) that this processor runs, checked once.
///
/// The Swift code is built for the x86-64 baseline (SSE2: four `Float` lanes, no fused
/// multiply–add), since a package built with `-target-cpu` flags is not accepted as a dependency.
/// These kernels are compiled for wider units with function-level target attributes and chosen
/// at run time; elsewhere the Swift loops run. The small MLP's `tanh` was 13% of its step's
/// instructions at SSE2 width; with AVX2 and FMA the step takes 0.91 of the time. The small
/// matrix products (`GEMM.multiplyInWideKernel`) call their kernel directly.
enum WideKernels {
  /// Whether the AVX2 and FMA kernels run here (Autodiff's check, made once).
  static var avx2FMA: Bool { WideElementwise.available }

  /// `output[i] = tanh(input[i])` with AVX2 and FMA when they are available (the result is
  /// that of ``FloatMath/tanh(_:)``'s rational function, within 1 ulp), and `false` otherwise.
  @inline(__always)
  static func tanh<Scalar>(
    _ input: UnsafePointer<Scalar>, into output: UnsafeMutablePointer<Scalar>, count: Int
  ) -> Bool {
    guard Scalar.self == Float.self, avx2FMA else { return false }
    protograd_tanh_avx2(
      UnsafeRawPointer(input).assumingMemoryBound(to: Float.self),
      UnsafeMutableRawPointer(output).assumingMemoryBound(to: Float.self), count)
    return true
  }
}
