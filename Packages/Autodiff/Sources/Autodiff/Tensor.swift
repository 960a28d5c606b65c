/// A multidimensional array of `Float` or `Double`: row-major, batch-first, with value semantics.
///
/// Copies share storage until one of them is mutated (copy-on-write). Arithmetic broadcasts like
/// NumPy; every operation is differentiable: inside ``gradient(at:in:)`` tensors carry their
/// place on the tape, and operations on them are recorded with their pullbacks.
///
/// ```swift
/// let x = Tensor<Double>(shape: [2, 3], scalars: [1, 2, 3, 4, 5, 6])
/// let y = x * 2 + Tensor([10, 20, 30])   // broadcasts the row: [[12, 24, 36], [18, 30, 42]]
/// y.sum().scalar                          // 162.0
/// ```
public struct Tensor<Scalar: TensorScalar> {
  /// The size of each dimension, outermost first; `[]` for a single scalar.
  public private(set) var shape: [Int]

  @usableFromInline var storage: TensorStorage<Scalar>

  /// The newest tape this tensor is recorded on, and its node there: nil and -1 for a constant
  /// (and for every tensor outside a gradient computation), so copying a constant costs no
  /// reference count for its recording. The node's value leads to its places on older tapes.
  @usableFromInline var tape: Tape<Scalar>?
  @usableFromInline var nodeIndex: Int

  @usableFromInline
  init(
    shape: [Int], storage: TensorStorage<Scalar>, tape: Tape<Scalar>? = nil, nodeIndex: Int = -1
  ) {
    self.shape = shape
    self.storage = storage
    self.tape = tape
    self.nodeIndex = nodeIndex
  }

  /// A tensor of the given shape whose scalars `initializer` writes into uninitialized memory.
  @inlinable
  public init(
    shape: [Int], initializingScalarsWith initializer: (UnsafeMutableBufferPointer<Scalar>) -> Void
  ) {
    let count = Self.scalarCount(of: shape)
    self.init(shape: shape, storage: TensorStorage.make(uninitializedCount: count))
    initializer(storage.buffer)
  }

  /// A tensor of the given shape holding `scalars` in row-major order.
  ///
  /// - Precondition: `scalars.count` is the product of `shape`.
  public init(shape: [Int], scalars: [Scalar]) {
    let count = Self.scalarCount(of: shape)
    precondition(
      scalars.count == count,
      "Tensor(shape: \(shape), scalars:): \(scalars.count) scalars given, the shape holds \(count)")
    self.init(
      shape: shape, storage: scalars.withUnsafeBufferPointer { TensorStorage.make(copying: $0) })
  }

  /// A one-dimensional tensor of `scalars`.
  public init(_ scalars: [Scalar]) {
    self.init(shape: [scalars.count], scalars: scalars)
  }

  /// A zero-dimensional tensor (shape `[]`) holding `scalar`.
  public init(_ scalar: Scalar) {
    self.init(shape: []) { $0[0] = scalar }
  }

  /// A tensor of the given shape with every scalar equal to `value`.
  public init(repeating value: Scalar, shape: [Int]) {
    self.init(shape: shape) { VectorKernels.fill($0, with: value) }
  }

  /// A tensor of zeros.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func zeros(shape: [Int]) -> Tensor { Tensor(repeating: 0, shape: shape) }

  /// A tensor of ones.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func ones(shape: [Int]) -> Tensor { Tensor(repeating: 1, shape: shape) }

  /// The number of scalars: the product of ``shape`` (1 for a zero-dimensional tensor).
  @inlinable
  public var scalarCount: Int { storage.count }

  /// The number of dimensions.
  public var rank: Int { shape.count }

  /// The scalars in row-major order.
  public var scalars: [Scalar] { Array(UnsafeBufferPointer(storage.buffer)) }

  /// The only scalar of a tensor with one element.
  ///
  /// - Precondition: ``scalarCount`` is 1.
  public var scalar: Scalar {
    precondition(
      scalarCount == 1, "Tensor.scalar: the tensor has shape \(shape), not a single element")
    return storage.pointer[0]
  }

  /// The product of the dimensions of `shape`, checking that none is negative.
  @inlinable
  static func scalarCount(of shape: [Int]) -> Int {
    var count = 1
    for dimension in shape {
      precondition(dimension >= 0, "Tensor shape \(shape) has a negative dimension")
      count *= dimension
    }
    return count
  }

  /// Makes the storage uniquely referenced (copying it if shared) and returns it for writing.
  @inlinable
  mutating func uniqueStorage() -> TensorStorage<Scalar> {
    if !isKnownUniquelyReferenced(&storage) {
      storage = TensorStorage.make(copying: UnsafeBufferPointer(storage.buffer))
    }
    return storage
  }
}

extension Tensor: CustomStringConvertible {
  public var description: String {
    let shown = scalars.prefix(12).map { "\($0)" }.joined(separator: ", ")
    let more = scalarCount > 12 ? ", … (\(scalarCount) scalars)" : ""
    return "Tensor(shape: \(shape), scalars: [\(shown)\(more)])"
  }
}

extension Tensor: @unchecked Sendable {}
