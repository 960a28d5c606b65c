import XCTest

@_spi(Kernels) @testable import Parallelism

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// The processors the kernel threads count on: the affinity mask's and the CPU quota's limits as
/// Linux writes them.
final class UsableProcessorsTests: XCTestCase {
  func testCPUListsCountEveryProcessor() {
    XCTAssertEqual(UsableProcessors.cpuListCount("0-3,8,10-11"), 7)
    XCTAssertEqual(UsableProcessors.cpuListCount("0"), 1)
    XCTAssertEqual(UsableProcessors.cpuListCount("\t0-1\n"), 2)
    for malformed in ["", "3-1", "a", "0-", "1-2-3", "0,,x"] {
      XCTAssertNil(UsableProcessors.cpuListCount(Substring(malformed)), malformed)
    }
  }

  func testAffinityComesFromTheStatusLine() {
    let status = "Name:\tswift\nCpus_allowed:\t5\nCpus_allowed_list:\t0,2\nMems_allowed:\t1\n"
    XCTAssertEqual(UsableProcessors.affinityCount(status: status), 2)
    XCTAssertNil(UsableProcessors.affinityCount(status: "Name:\tswift\n"))
  }

  func testQuotasRoundUpAndMaxMeansNone() {
    XCTAssertEqual(UsableProcessors.quotaCount(cpuMax: "150000 100000\n"), 2)
    XCTAssertEqual(UsableProcessors.quotaCount(cpuMax: "100000 100000\n"), 1)
    XCTAssertEqual(UsableProcessors.quotaCount(cpuMax: "50000 100000\n"), 1)
    XCTAssertNil(UsableProcessors.quotaCount(cpuMax: "max 100000\n"))
    XCTAssertNil(UsableProcessors.quotaCount(cpuMax: "garbage"))
    // cgroup version 1: two files, -1 without a quota.
    XCTAssertEqual(UsableProcessors.quotaCount(quota: "200000\n", period: "100000\n"), 2)
    XCTAssertNil(UsableProcessors.quotaCount(quota: "-1\n", period: "100000\n"))
  }

  func testThisProcessCountsAtLeastOneAndAtMostTheOnlineProcessors() {
    let online = Int(sysconf(Int32(_SC_NPROCESSORS_ONLN)))
    XCTAssert((1...Swift.max(1, online)).contains(UsableProcessors.count()))
    XCTAssertEqual(KernelThreads.processors, UsableProcessors.count())
  }
}
