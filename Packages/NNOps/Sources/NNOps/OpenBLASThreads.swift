// OpenBLAS's share of the kernel threads (see `KernelThreads.swift` in Parallelism for the policy).

import Synchronization
import _CBLAS

#if os(Linux)
/// The thread count OpenBLAS was last given, so that it is told only of changes.
private let openBLASThreads = Atomic<Int>(0)

/// Gives OpenBLAS `threads` threads for the products that follow. Called before every product;
/// the parallel parts of our own kernels only ever ask for one thread, so concurrent calls agree.
func useOpenBLASThreads(_ threads: Int) {
  guard openBLASThreads.exchange(threads, ordering: .relaxed) != threads else { return }
  openblas_set_num_threads(Int32(threads))
}
#else
/// Accelerate chooses its own threads.
func useOpenBLASThreads(_ threads: Int) {}
#endif
