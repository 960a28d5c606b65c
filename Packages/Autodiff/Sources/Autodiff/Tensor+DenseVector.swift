extension Tensor: DenseVector {
  public func withUnsafeBufferPointer<Result>(
    _ body: (UnsafeBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result {
    try body(UnsafeBufferPointer(storage.buffer))
  }

  /// Calls `body` with the scalars for writing, copying shared storage first.
  ///
  /// Writing through the buffer is not recorded for differentiation. (Specialized for the
  /// fused updates of optimizers, which reach every leaf through `DenseVector` from code generic
  /// over the model: unspecialized, each call looked up the storage class's metadata.)
  @_specialize(where Scalar == Float, Result == Void)
  @_specialize(where Scalar == Double, Result == Void)
  public mutating func withUnsafeMutableBufferPointer<Result>(
    _ body: (inout UnsafeMutableBufferPointer<Scalar>) throws -> Result
  ) rethrows -> Result {
    var buffer = uniqueStorage().buffer
    return try body(&buffer)
  }

  /// The scalars of up to three tensors for writing (shared storage copied first) and two for
  /// reading, in one call: the fused updates of optimizers make it once per parameter tensor.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public static func withBuffers(
    ofTargets targets: (
      UnsafeMutablePointer<Tensor>, UnsafeMutablePointer<Tensor>?, UnsafeMutablePointer<Tensor>?
    ),
    sources: (UnsafePointer<Tensor>?, UnsafePointer<Tensor>?),
    _ body: FusedLeafBody<Scalar>
  ) {
    // A tensor's scalars never move while its storage is alive, and the pointees hold the
    // storage for the whole call. Each target is made unique before its pointer is taken: a
    // target sharing storage with another operand gets a copy of its own.
    func writable(_ tensor: UnsafeMutablePointer<Tensor>?) -> UnsafeMutableBufferPointer<Scalar> {
      guard let tensor else { return UnsafeMutableBufferPointer(start: nil, count: 0) }
      return tensor.pointee.uniqueStorage().buffer
    }
    func readable(_ tensor: UnsafePointer<Tensor>?) -> UnsafeBufferPointer<Scalar> {
      guard let tensor else { return UnsafeBufferPointer(start: nil, count: 0) }
      return UnsafeBufferPointer(tensor.pointee.storage.buffer)
    }
    body(
      writable(targets.0), writable(targets.1), writable(targets.2), readable(sources.0),
      readable(sources.1))
  }

  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func makeVector(
    ofSameShapeInitializingWith initializer: (UnsafeMutableBufferPointer<Scalar>) -> Void
  ) -> Tensor {
    Tensor(shape: shape, initializingScalarsWith: initializer)
  }

  public var shapeDescription: String { "\(shape)" }

  public var zero: Tensor { Tensor.zeros(shape: shape) }

  /// `self + factor · other` for tensors of the same shape (the vector-space sum; the `+`
  /// operator on tensors also broadcasts).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func adding(_ other: Tensor, scaledBy factor: Scalar) -> Tensor {
    if tape != nil || other.tape != nil {
      return factor == 1 ? self + other : self + factor * other
    }
    precondition(
      shape == other.shape, "adding(_:scaledBy:): shapes differ (\(shape) and \(other.shape))")
    return Tensor(shape: shape) { output in
      VectorKernels.linearCombination(
        UnsafeBufferPointer(storage.buffer), UnsafeBufferPointer(other.storage.buffer),
        scaledBy: factor, into: output)
    }
  }

  /// `factor · self`.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func scaled(by factor: Scalar) -> Tensor { factor * self }

  /// Adds `factor · other` in place (one fused loop); recorded as `self + factor · other` when
  /// either operand is being differentiated.
  public mutating func add(_ other: Tensor, scaledBy factor: Scalar) {
    if tape != nil || other.tape != nil {
      self = factor == 1 ? self + other : self + factor * other
      return
    }
    precondition(
      shape == other.shape, "add(_:scaledBy:): shapes differ (\(shape) and \(other.shape))")
    let target = uniqueStorage()
    VectorKernels.axpy(
      UnsafeBufferPointer(other.storage.buffer), scaledBy: factor, into: target.buffer)
  }

  /// Multiplies by `factor` in place; recorded as `factor · self` when differentiated.
  public mutating func scale(by factor: Scalar) {
    if tape != nil {
      self = factor * self
      return
    }
    // A loop of its own rather than `VectorKernels.scale`: across modules, that call goes through
    // the generic entry point, which costs more than scaling a small tensor (the tape scales
    // gradients in place through this).
    let target = uniqueStorage().pointer
    if WideElementwise.runs(Scalar.self, count: scalarCount) {
      return WideElementwise.scale(target, by: nil, factor, count: scalarCount)
    }
    for i in 0..<scalarCount { target[i] *= factor }
  }

  /// The inner product of two tensors of the same shape, `Σᵢ selfᵢ · otherᵢ`, as a plain scalar.
  ///
  /// - Precondition: neither tensor is being differentiated: gradients cannot flow through a
  ///   plain scalar, so this traps rather than silently dropping a term of a gradient. Inside an
  ///   objective, the tensor-valued `dot(_:_:) -> Tensor` is the differentiable form.
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  public func dot(_ other: Tensor) -> Scalar {
    precondition(shape == other.shape, "dot: shapes differ (\(shape) and \(other.shape))")
    precondition(
      tape == nil && other.tape == nil,
      "dot(_:_:) returned a plain \(Scalar.self) for tensors that are being differentiated, so "
        + "no gradient would flow through it. Swift picks this scalar form in expressions like "
        + "`loss + lambda * dot(m, m)`; ask for the differentiable one explicitly: "
        + "`lambda * (dot(m, m) as Tensor<\(Scalar.self)>)` (for tensors: `(a * b).sum()`), or "
        + "use `withoutDerivative(at:)` if no gradient is wanted.")
    return VectorKernels.dot(
      UnsafeBufferPointer(storage.buffer), UnsafeBufferPointer(other.storage.buffer))
  }
}
