// protograd-bench: one JSON line per workload, `{"workload": NAME, "median_step_us": X}`.
//
//   swift run -c release protograd-bench [--filter SUBSTRING] [--threads N] [--warmup SECONDS]
//                                        [--table]
//
// `--threads N` sets the threads of the kernels and of OpenBLAS (`KernelThreads.setCount`);
// `--warmup SECONDS` how long each workload runs before it is timed, at least (0.5 s by default;
// 0 for a run under valgrind, where only the step count should be fixed); `--table` adds a
// human-readable table after the JSON lines.

import ProtoGrad

let options = BenchmarkOptions.current
if let threads = options.threads { KernelThreads.setCount(threads) }
var results: [(name: String, microseconds: Double)] = []
for workload in allWorkloads where options.selects(workload.name) {
  let microseconds = workload.run()
  results.append((workload.name, microseconds))
  let rate = workload.flops.map { #", "gflop_per_s": \#(rounded($0 / microseconds / 1e3))"# } ?? ""
  print(#"{"workload": "\#(workload.name)", "median_step_us": \#(rounded(microseconds))\#(rate)}"#)
}
if options.table { printTable(results, threads: KernelThreads.count) }
