// protograd-bench: one JSON line per workload, `{"workload": NAME, "median_step_us": X}`.
//
//   swift run -c release protograd-bench [--filter SUBSTRING] [--table]

import ProtoGrad

let options = BenchmarkOptions(arguments: CommandLine.arguments)
var results: [(name: String, microseconds: Double)] = []
for workload in allWorkloads where options.selects(workload.name) {
  let microseconds = workload.run()
  results.append((workload.name, microseconds))
  let rate = workload.flops.map { #", "gflop_per_s": \#(rounded($0 / microseconds / 1e3))"# } ?? ""
  print(#"{"workload": "\#(workload.name)", "median_step_us": \#(rounded(microseconds))\#(rate)}"#)
}
if options.table { printTable(results) }
