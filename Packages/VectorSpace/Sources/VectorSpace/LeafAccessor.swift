/// Reads and updates, in place, one part of type `Leaf` inside a value of type `Root`.
///
/// Like a `WritableKeyPath`, but composable across array elements and reflected tuple
/// elements, where appending key paths is not reliable in the Swift 6.3 runtime (projecting a
/// reflected key path appended with an array-subscript key path traps). Updates go through
/// `modify` accessors, so uniquely referenced storage is mutated without a copy.
public struct LeafAccessor<Root, Leaf> {
  @usableFromInline let read: (Root) -> Leaf
  @usableFromInline let update: (inout Root, (inout Leaf) -> Void) -> Void

  /// Where the part lies inside `Root`'s own storage, in bytes, when it lies there (a stored
  /// property of a struct or a tuple element, however deeply nested); nil when it lies elsewhere
  /// (an array element, a class's property, a computed property).
  ///
  /// Model operations read and write every leaf on every step: a direct memory access at a
  /// known offset is several times cheaper than a key-path projection through a closure, and,
  /// unlike reading through an appended accessor, copies nothing around the leaf.
  @usableFromInline let offset: Int?

  /// The part at `keyPath`.
  public init(_ keyPath: WritableKeyPath<Root, Leaf>) {
    read = { $0[keyPath: keyPath] }
    update = { root, body in body(&root[keyPath: keyPath]) }
    offset = MemoryLayout<Root>.offset(of: keyPath)
  }

  init(
    read: @escaping (Root) -> Leaf, update: @escaping (inout Root, (inout Leaf) -> Void) -> Void,
    offset: Int? = nil
  ) {
    self.read = read
    self.update = update
    self.offset = offset
  }

  /// The part of `root` this accessor reaches.
  @inlinable
  public func value(in root: Root) -> Leaf {
    guard let offset else { return read(root) }
    return withUnsafePointer(to: root) {
      UnsafeRawPointer($0).advanced(by: offset).assumingMemoryBound(to: Leaf.self).pointee
    }
  }

  /// Calls `body` with in-place access to the part of `root` this accessor reaches.
  @inlinable
  public func modify(in root: inout Root, _ body: (inout Leaf) -> Void) {
    guard let offset else { return update(&root, body) }
    withUnsafeMutablePointer(to: &root) {
      body(
        &UnsafeMutableRawPointer($0).advanced(by: offset).assumingMemoryBound(to: Leaf.self)
          .pointee)
    }
  }

  /// Replaces the part of `root` this accessor reaches.
  @inlinable
  public func set(in root: inout Root, to newValue: Leaf) {
    modify(in: &root) { $0 = newValue }
  }

  /// An accessor that first reaches `Leaf` with `self`, then `Inner` with `inner`.
  public func appending<Inner>(_ inner: LeafAccessor<Leaf, Inner>) -> LeafAccessor<Root, Inner> {
    let (outerRead, outerUpdate) = (read, update)
    return LeafAccessor<Root, Inner>(
      read: { inner.read(outerRead($0)) },
      update: { root, body in outerUpdate(&root) { leaf in inner.update(&leaf, body) } },
      // A part of a part stored inline is stored inline, at the sum of the offsets.
      offset: offset.flatMap { outer in inner.offset.map { outer + $0 } })
  }
}

extension LeafAccessor where Root == Leaf {
  /// The whole value.
  public static var identity: LeafAccessor {
    LeafAccessor(read: { $0 }, update: { root, body in body(&root) }, offset: 0)
  }
}

extension LeafAccessor {
  /// Element `index` of an array.
  public static func element(_ index: Int) -> LeafAccessor where Root == [Leaf] {
    LeafAccessor(read: { $0[index] }, update: { array, body in body(&array[index]) })
  }
}
