/// One recorded operation of a tape: its result, its inputs (indices of earlier nodes on the same
/// tape, -1 for inputs not recorded there) and how to pull a gradient back to them.
///
/// Nodes are stored in place in their tape's buffer: recording an operation allocates nothing
/// beyond its result. The node keeps the result and the inputs as seen from older tapes, and the
/// user's pullback as given: wrapping them in one more closure per operation would cost an
/// allocation each.
@usableFromInline
struct TapeNode<Scalar: TensorScalar> {
  @usableFromInline typealias Unary = (
    _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ x: Tensor<Scalar>
  ) -> Tensor<Scalar>
  @usableFromInline typealias Binary = (
    _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>
  ) -> Tensor<Scalar>
  @usableFromInline typealias Joint = (
    _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ x: Tensor<Scalar>, _ y: Tensor<Scalar>
  ) -> (Tensor<Scalar>, Tensor<Scalar>)
  @usableFromInline typealias Nary = (
    _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ inputs: [Tensor<Scalar>]
  ) -> [Tensor<Scalar>]
  @usableFromInline typealias NaryOfOne = (
    _ upstream: Tensor<Scalar>, _ value: Tensor<Scalar>, _ inputs: [Tensor<Scalar>]
  ) -> Tensor<Scalar>

  @usableFromInline enum Pullback {
    /// A value the gradient is taken with respect to.
    case leaf
    /// The gradient of `x`.
    case unary(Unary)
    /// `x` scaled by a constant: the gradient of `x` is `factor · upstream`, with no closure to
    /// allocate for the factor. Stored as a `Double` (exact for `Float` too).
    case scaling(Double)
    /// `x + y` or, negating the second, `x − y` (broadcasting): the gradient of each input is the
    /// upstream gradient summed to the input's shape, read from the input's own node, so the
    /// node stores neither input (two tensor copies less per sum, and the inputs are not kept
    /// alive by the tape).
    case sum(negatingSecond: Bool)
    /// `Σᵢ xᵢ`: the gradient of `x` is the upstream gradient broadcast to `x`'s shape, read from
    /// `x`'s own node, so the node stores no input.
    case sumOfAll
    /// `x ⊙ y` (broadcasting): the gradient of each input is the upstream gradient times the
    /// other input, summed to the input's shape; computed in place in the upstream gradient's
    /// buffer when nothing else holds it.
    case product
    /// `x ⊙ x`: the gradient of `x` is `2 · upstream ⊙ x`, computed in place in the upstream
    /// gradient's buffer when nothing else holds it (one product and one accumulation fewer than
    /// as a product of two inputs).
    case square
    /// The gradient of `x`, when `y` is not recorded on this tape.
    case first(Binary)
    /// The gradient of `y`, when `x` is not recorded on this tape.
    case second(Binary)
    /// The gradients of `x` and of `y`, one function each.
    case separate(Binary, Binary)
    /// The gradients of `x` and of `y` from one function.
    case joint(Joint)
    /// The gradients of several inputs from one function, their node indices first.
    case nary([Int], [Tensor<Scalar>], Nary)
    /// The gradients of several inputs, one function each, their node indices first; only the
    /// functions of inputs recorded on this tape are called.
    case naryPerInput([Int], [Tensor<Scalar>], [NaryOfOne])
  }

  /// The operation's result as seen from older tapes (where it is recorded on them).
  @usableFromInline let value: Tensor<Scalar>
  @usableFromInline let pullback: Pullback
  /// The inputs as seen from older tapes (nil where the pullback needs none) and their indices.
  @usableFromInline let x: Tensor<Scalar>?
  @usableFromInline let y: Tensor<Scalar>?
  @usableFromInline let xIndex: Int
  @usableFromInline let yIndex: Int

  @inlinable
  init(
    value: Tensor<Scalar>, pullback: Pullback, x: Tensor<Scalar>?, at xIndex: Int,
    y: Tensor<Scalar>?, at yIndex: Int
  ) {
    self.value = value
    self.pullback = pullback
    (self.x, self.y) = (x, y)
    (self.xIndex, self.yIndex) = (xIndex, yIndex)
  }
}
