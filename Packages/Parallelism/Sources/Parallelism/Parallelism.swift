// Parallelism: the threads every kernel of ProtoGrad shares (the bottom layer).
//
// - `KernelThreads`: how many threads the kernels use (by default, the processors the process may
//   use: `UsableProcessors`), settable at run time.
// - `forEachPart(of:parts:_:)` and `forEachSlice(of:minimumPerPart:_:)`: work split into ranges
//   that run at most `KernelThreads.count` at a time, on Linux on polling workers
//   (`SpinningWorkers`), elsewhere on Dispatch's pool. Shared with NNOps's kernels and
//   VectorSpace's updates through the `Kernels` SPI, not API.
