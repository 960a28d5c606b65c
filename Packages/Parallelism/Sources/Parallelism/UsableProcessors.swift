// How many processors this process may use, which can be fewer than the machine has: `taskset`
// and container cpusets restrict the affinity mask, and a container's CPU quota (Docker's
// `--cpus`) the time. The kernel threads poll for work, so one thread per processor the process
// cannot use would spin against the others instead of helping.

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

enum UsableProcessors {
  /// The online processors, fewer on Linux if the affinity mask (`/proc/self/status`) or a CPU
  /// quota of the process's cgroup (`cpu.max`, or `cpu.cfs_quota_us` over `cpu.cfs_period_us` in
  /// version 1; quotas round up) allows fewer; at least 1.
  static func count() -> Int {
    let online = Swift.max(1, Int(sysconf(Int32(_SC_NPROCESSORS_ONLN))))
    #if os(Linux)
    let limits = [
      contents(of: "/proc/self/status").flatMap(affinityCount(status:)),
      contents(of: "/sys/fs/cgroup/cpu.max").flatMap(quotaCount(cpuMax:)),
      contents(of: "/sys/fs/cgroup/cpu/cpu.cfs_quota_us").flatMap { quota in
        contents(of: "/sys/fs/cgroup/cpu/cpu.cfs_period_us").flatMap { period in
          quotaCount(quota: quota, period: period)
        }
      },
    ]
    return Swift.max(1, limits.compactMap { $0 }.reduce(online, Swift.min))
    #else
    return online
    #endif
  }

  /// The processors in the `Cpus_allowed_list` line of `/proc/self/status` (`0-3,8`: 5), or `nil`
  /// if there is none.
  static func affinityCount(status: String) -> Int? {
    for line in status.split(separator: "\n") where line.hasPrefix("Cpus_allowed_list:") {
      return cpuListCount(line.dropFirst("Cpus_allowed_list:".count))
    }
    return nil
  }

  /// The processors of a cpu list (`0-3,8,10-11`: 7), or `nil` if it does not parse.
  static func cpuListCount(_ list: Substring) -> Int? {
    var count = 0
    for range in list.split(separator: ",", omittingEmptySubsequences: false) {
      let bounds = range.split(separator: "-", omittingEmptySubsequences: false).map {
        Int($0.trimmingWhitespace())
      }
      switch bounds.count {
      case 1:
        guard bounds[0] != nil else { return nil }
        count += 1
      case 2:
        guard let low = bounds[0], let high = bounds[1], low <= high else { return nil }
        count += high - low + 1
      default:
        return nil
      }
    }
    return count > 0 ? count : nil
  }

  /// The processors a cgroup version 2 `cpu.max` allows (`150000 100000`: 2), or `nil` without a
  /// quota (`max 100000`) or if it does not parse.
  static func quotaCount(cpuMax: String) -> Int? {
    let fields = cpuMax.split(whereSeparator: { $0 == " " || $0 == "\n" })
    guard fields.count == 2 else { return nil }
    return quotaCount(quota: String(fields[0]), period: String(fields[1]))
  }

  /// The processors a quota of `quota` microseconds per `period` allows, rounded up; `nil`
  /// without a quota (`max`, or `-1` in cgroup version 1) or if they do not parse.
  static func quotaCount(quota: String, period: String) -> Int? {
    guard let quota = Int(Substring(quota).trimmingWhitespace()),
      let period = Int(Substring(period).trimmingWhitespace()), quota > 0, period > 0
    else { return nil }
    return (quota + period - 1) / period
  }

  /// A small text file's contents (the first 64 KiB), or `nil` if it cannot be read.
  private static func contents(of path: String) -> String? {
    let descriptor = open(path, O_RDONLY)
    guard descriptor >= 0 else { return nil }
    defer { close(descriptor) }
    var bytes = [UInt8](repeating: 0, count: 1 << 16)
    let count = bytes.withUnsafeMutableBytes { read(descriptor, $0.baseAddress, $0.count) }
    guard count >= 0 else { return nil }
    return String(decoding: bytes[..<count], as: UTF8.self)
  }
}

extension Substring {
  /// Without leading and trailing spaces, tabs and newlines.
  fileprivate func trimmingWhitespace() -> Substring {
    let isSpace = { (c: Character) in c == " " || c == "\t" || c == "\n" }
    guard let first = firstIndex(where: { !isSpace($0) }) else { return "" }
    return self[first...lastIndex(where: { !isSpace($0) })!]
  }
}
