// Per-type values (reflected layouts, structure flags) read on every model operation. A `Mutex`
// around a dictionary cost about a microsecond per read (lock, lookup, existential cast), paid
// several times per optimizer step; readers here take no lock.

import Synchronization

/// Objects computed once per type, read without a lock.
///
/// Readers load an immutable snapshot of the table with one atomic read. The first use of a type
/// copies the snapshot under a lock, adds the type's object and publishes the copy. Replaced
/// snapshots are never freed, because a reader may still be using one; there is one per cached
/// type, so the memory is bounded by the number of types.
final class TypeCache: Sendable {
  private let snapshot = Atomic<Unmanaged<Snapshot>?>(nil)
  private let writer = Mutex<Void>(())

  init() {}

  /// The object cached for `type`, if any.
  @inline(__always)
  func object(for type: Any.Type) -> AnyObject? {
    snapshot.load(ordering: .acquiring)?.takeUnretainedValue().objects[ObjectIdentifier(type)]
  }

  /// Caches `object` for `type`; the first object cached for a type wins and is returned.
  func insert(_ object: AnyObject & Sendable, for type: Any.Type) -> AnyObject {
    writer.withLock { _ in
      let current = snapshot.load(ordering: .acquiring)?.takeUnretainedValue()
      let key = ObjectIdentifier(type)
      if let existing = current?.objects[key] { return existing }
      var objects = current?.objects ?? [:]
      objects[key] = object
      // Retained once and never released: see the type's description.
      snapshot.store(Unmanaged.passRetained(Snapshot(objects)), ordering: .releasing)
      return object
    }
  }

  /// One immutable version of the table.
  private final class Snapshot: @unchecked Sendable {
    let objects: [ObjectIdentifier: AnyObject]
    init(_ objects: [ObjectIdentifier: AnyObject]) { self.objects = objects }
  }
}

/// A value stored in a ``TypeCache``.
final class CachedValue<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
