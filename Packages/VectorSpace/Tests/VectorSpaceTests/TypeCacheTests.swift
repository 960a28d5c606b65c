import XCTest

@testable import VectorSpace

/// `count` distinct types: `Int`, `Int?`, `Int??`, …
private func distinctTypes(_ count: Int) -> [Any.Type] {
  func wrapped(_ type: Any.Type) -> Any.Type {
    func optional<T>(_: T.Type) -> Any.Type { T?.self }
    return _openExistential(type, do: optional)
  }
  var types: [Any.Type] = [Int.self]
  while types.count < count { types.append(wrapped(types.last!)) }
  return types
}

/// The number a test cached.
private func value(_ object: AnyObject?) -> Int? {
  (object as? CachedValue<Int>)?.value
}

final class TypeCacheTests: XCTestCase {
  func testEachTypeFindsItsOwnObjectAsTheTableGrows() {
    let cache = TypeCache()
    let types = distinctTypes(100)
    XCTAssertNil(cache.object(for: Int.self))
    for (index, type) in types.enumerated() {
      XCTAssertEqual(value(cache.insert(CachedValue(index), for: type)), index)
      // Every type cached so far, through every resize of the table, and none after it.
      for (earlier, earlierType) in types.prefix(index + 1).enumerated() {
        XCTAssertEqual(value(cache.object(for: earlierType)), earlier)
      }
      if index + 1 < types.count { XCTAssertNil(cache.object(for: types[index + 1])) }
    }
    XCTAssertNil(cache.object(for: String.self))
  }

  func testTheFirstObjectCachedForATypeWins() {
    let cache = TypeCache()
    XCTAssertEqual(value(cache.insert(CachedValue(1), for: Double.self)), 1)
    XCTAssertEqual(value(cache.insert(CachedValue(2), for: Double.self)), 1)
    XCTAssertEqual(value(cache.object(for: Double.self)), 1)
  }

  func testConcurrentReadersAndWritersAgree() {
    let cache = TypeCache()
    let types = distinctTypes(64)
    DispatchQueue.concurrentPerform(iterations: 8) { thread in
      for (index, type) in types.enumerated() where index % 8 == thread {
        _ = cache.insert(CachedValue(index), for: type)
      }
      for (index, type) in types.enumerated() {
        // Either not yet cached (by another thread) or cached with its own index.
        if let found = value(cache.object(for: type)) { XCTAssertEqual(found, index) }
      }
    }
    for (index, type) in types.enumerated() {
      XCTAssertEqual(value(cache.object(for: type)), index)
    }
  }
}
