// How many threads the kernels use, and how they are shared between OpenBLAS and our own kernels
// (NNOps's matrix products, convolutions, pooling and elementwise loops; VectorSpace's updates).
//
// The policy: a matrix product runs on OpenBLAS's threads only when it has at least
// `GEMM.parallelWork` (2²⁶) multiply–adds, and on the calling thread otherwise. OpenBLAS's idle
// threads wait by spinning on `sched_yield`; for the small products of a training step (784→100
// at batch 128 is 10⁷ multiply–adds, the im2col products of a convolution far fewer) waking and
// joining them costs more than the second core saves, and on a shared machine the spinning takes
// time from the other processes too. Measured on the 2-core benchmark machine, under load, median
// step of `mlp_784_100_10_sgd_b128` with 2 threads: 57 ms with OpenBLAS threads from 2¹⁸
// multiply–adds (its own default), 60 ms from 2²², 16 ms with none (and 16 ms with
// `--threads 1`); `lenet_adam_b128`: 232, 138 and 122 ms. Our own kernels (convolution, pooling,
// and elementwise loops over 2¹⁷ scalars or more) split their work into parts themselves and run
// them at most `count` at a time (`ParallelParts.swift`): on Linux on our own workers, which poll
// for the next job (yielding the processor between polls) for a millisecond after each one and
// then sleep (`SpinningWorkers.swift`), elsewhere on Dispatch's pool.

import Dispatch
import Synchronization

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The number of threads the kernels use: matrix products, convolution, pooling, long elementwise
/// loops, and the elementwise updates of long vectors (an optimizer's step on a first layer).
///
/// By default, one per processor the process may use: the online processors, fewer on Linux when
/// the affinity mask (`taskset`, a container's cpuset) or a CPU quota (Docker's `--cpus`, rounded
/// up) allows fewer. Fewer leaves cores to other work, one makes every kernel
/// run on the calling thread. Results do not depend on the count: the kernels split their work
/// the same way whatever it is, and only run fewer of the parts at a time.
///
/// On Linux the threads wait for work by polling for a millisecond after each job before they
/// sleep, which keeps a core busy while a training step runs; set the environment variable
/// `PROTOGRAD_WAIT_POLICY=passive` for threads that sleep at once (slower steps, less CPU time:
/// on a shared machine).
///
/// ```swift
/// KernelThreads.setCount(1)
/// KernelThreads.count   // 1
/// ```
public enum KernelThreads {
  /// The number of processors this process may use, at least 1 (see ``UsableProcessors``).
  static let processors = UsableProcessors.count()

  private static let requested = Atomic<Int>(processors)

  /// The number of threads the kernels use; at least 1.
  public static var count: Int { requested.load(ordering: .relaxed) }

  /// Sets the number of threads the kernels, and OpenBLAS's large matrix products, use.
  ///
  /// - Parameter count: At least 1.
  public static func setCount(_ count: Int) {
    precondition(count >= 1, "KernelThreads.setCount: count must be at least 1, got \(count)")
    requested.store(count, ordering: .relaxed)
  }
}
