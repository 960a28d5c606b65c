// Per-type values (reflected layouts, structure flags) read on every model operation. A `Mutex`
// around a dictionary cost about a microsecond per read (lock, lookup, existential cast), paid
// several times per optimizer step; readers here take no lock. Nor do they hash with `Hasher`
// (SipHash, about 270 instructions a read with the dictionary's search, three reads per step of
// the README model): a type's identity is a pointer, spread over the table by one multiply.

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
    snapshot.load(ordering: .acquiring)?.takeUnretainedValue().object(for: Self.key(type))
  }

  /// Caches `object` for `type`; the first object cached for a type wins and is returned.
  func insert(_ object: AnyObject & Sendable, for type: Any.Type) -> AnyObject {
    writer.withLock { _ in
      let current = snapshot.load(ordering: .acquiring)?.takeUnretainedValue()
      let key = Self.key(type)
      if let existing = current?.object(for: key) { return existing }
      let entries = (current?.entries ?? []) + [(key, object)]
      // Retained once and never released: see the type's description.
      snapshot.store(Unmanaged.passRetained(Snapshot(entries)), ordering: .releasing)
      return object
    }
  }

  /// A type's identity as a nonzero number: the address of its metadata.
  @inline(__always)
  private static func key(_ type: Any.Type) -> UInt { UInt(bitPattern: ObjectIdentifier(type)) }

  /// One immutable version of the table: open addressing with linear probing, at most half full.
  private final class Snapshot: @unchecked Sendable {
    /// A power of two, at least twice the number of entries.
    private let keys: [UInt]  // 0: an empty slot
    private let objects: [AnyObject?]
    /// `64 − log₂(slots)`: a key's first slot is the top bits of its product with `multiplier`.
    private let shift: UInt

    /// 2⁶⁴ divided by the golden ratio: multiplying by it spreads nearby addresses (metadata
    /// records a few cache lines apart) over the table's top bits.
    private static let multiplier: UInt = 0x9E37_79B9_7F4A_7C15

    init(_ entries: [(key: UInt, object: AnyObject)]) {
      var bits: UInt = 1
      while 1 << bits < 2 * entries.count { bits += 1 }
      let slots = 1 << bits
      shift = 64 - bits
      var keys = [UInt](repeating: 0, count: slots)
      var objects = [AnyObject?](repeating: nil, count: slots)
      for (key, object) in entries {
        var slot = Self.firstSlot(of: key, shift: shift)
        while keys[slot] != 0 { slot = (slot + 1) & (slots - 1) }
        keys[slot] = key
        objects[slot] = object
      }
      (self.keys, self.objects) = (keys, objects)
    }

    /// The types' keys and objects, in the table's order.
    var entries: [(key: UInt, object: AnyObject)] {
      zip(keys, objects).compactMap { key, object in object.map { (key, $0) } }
    }

    @inline(__always)
    private static func firstSlot(of key: UInt, shift: UInt) -> Int {
      Int(truncatingIfNeeded: (key &* multiplier) >> shift)
    }

    /// The object cached for `key`, if any.
    @inline(__always)
    func object(for key: UInt) -> AnyObject? {
      let mask = keys.count - 1
      var slot = Self.firstSlot(of: key, shift: shift)
      while true {
        let found = keys[slot]
        if found == key { return objects[slot] }
        if found == 0 { return nil }
        slot = (slot + 1) & mask
      }
    }
  }
}

/// A value stored in a ``TypeCache``.
final class CachedValue<Value>: @unchecked Sendable {
  let value: Value
  init(_ value: Value) { self.value = value }
}
