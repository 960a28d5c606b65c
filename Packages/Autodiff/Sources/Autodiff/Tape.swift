import Synchronization

/// A record of the differentiable operations of one gradient computation, in execution order,
/// each with its pullback.
///
/// A tape belongs to one call of ``valueWithPullback(at:in:)`` (and the functions built on it),
/// so concurrent gradient computations on different threads or tasks never share one. Tapes
/// nest: a gradient computed inside another (Hessian-vector products) records on a newer tape,
/// and the pullbacks of the inner tape run on tensors still recorded on the outer one, so the
/// inner gradient is itself differentiable.
@usableFromInline
final class Tape<Scalar: TensorScalar>: @unchecked Sendable {
  /// Increases with every tape created: a newer tape is nested inside all older ones that its
  /// tensors are also recorded on.
  @usableFromInline let generation: Int
  @usableFromInline var nodes: [TapeNode<Scalar>] = []

  init() {
    generation = tapeGenerations.add(1, ordering: .relaxed).newValue
  }

  /// Appends a node and returns its index.
  @inline(__always) @usableFromInline
  func append(_ node: consuming TapeNode<Scalar>) -> Int {
    nodes.append(node)
    return nodes.count - 1
  }

  /// Runs the pullbacks from node `output` back to the start of the tape with `seed` as the
  /// gradient of `output`, and returns the gradient of every node (nil where none flows).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  func backpropagate(from output: Int, seed: Tensor<Scalar>) -> [Tensor<Scalar>?] {
    var gradients = [Tensor<Scalar>?](repeating: nil, count: output + 1)
    gradients[output] = seed
    // One read of the array for the whole pass: every access to a class's stored property
    // otherwise pays for a dynamic exclusivity check.
    let nodes = self.nodes
    for index in stride(from: output, through: 0, by: -1) {
      guard let upstream = gradients[index] else { continue }
      if case .leaf = nodes[index].pullback { continue }  // a leaf's gradient is a result
      gradients[index] = nil  // an interior gradient is used up: free it early
      // The node's fields are read in place: copying a whole node costs a dozen retains.
      let (xIndex, yIndex) = (nodes[index].xIndex, nodes[index].yIndex)
      switch nodes[index].pullback {
      case .leaf:
        continue
      case .unary(let pullback):
        let xGradient = pullback(upstream, nodes[index].value!, nodes[index].x!)
        accumulate(xGradient, into: &gradients, at: xIndex, nodes)
      case .scaling(let factor):
        accumulate(Scalar(factor) * upstream, into: &gradients, at: xIndex, nodes)
      case .first(let pullback):
        let xGradient = pullback(upstream, nodes[index].value!, nodes[index].x!, nodes[index].y!)
        accumulate(xGradient, into: &gradients, at: xIndex, nodes)
      case .second(let pullback):
        let yGradient = pullback(upstream, nodes[index].value!, nodes[index].x!, nodes[index].y!)
        accumulate(yGradient, into: &gradients, at: yIndex, nodes)
      case .separate(let pullbackOfFirst, let pullbackOfSecond):
        let (value, x, y) = (nodes[index].value!, nodes[index].x!, nodes[index].y!)
        accumulate(pullbackOfFirst(upstream, value, x, y), into: &gradients, at: xIndex, nodes)
        accumulate(pullbackOfSecond(upstream, value, x, y), into: &gradients, at: yIndex, nodes)
      case .joint(let pullback):
        let (xGradient, yGradient) = pullback(
          upstream, nodes[index].value!, nodes[index].x!, nodes[index].y!)
        accumulate(xGradient, into: &gradients, at: xIndex, nodes)
        accumulate(yGradient, into: &gradients, at: yIndex, nodes)
      case .nary(let inputIndices, let inputs, let pullback):
        let inputGradients = pullback(upstream, nodes[index].value!, inputs)
        precondition(
          inputGradients.count == inputs.count,
          "pullback returned \(inputGradients.count) gradients for \(inputs.count) inputs")
        for (input, gradient) in zip(inputIndices, inputGradients) {
          accumulate(gradient, into: &gradients, at: input, nodes)
        }
      }
    }
    return gradients
  }

  @inline(__always)
  private func accumulate(
    _ gradient: Tensor<Scalar>, into gradients: inout [Tensor<Scalar>?], at index: Int,
    _ nodes: [TapeNode<Scalar>]
  ) {
    guard index >= 0 else { return }  // a constant input: no gradient wanted
    let shape = nodes[index].shape
    precondition(
      gradient.shape == shape,
      "pullback returned a gradient of shape \(gradient.shape) for an input of shape \(shape)")
    guard gradients[index] != nil else {
      gradients[index] = gradient
      return
    }
    // In place outside nested differentiation (into the existing buffer when nothing else
    // shares it); recorded as `+` when the gradients are themselves being differentiated.
    gradients[index]!.add(gradient, scaledBy: 1)
  }
}

/// One recorded operation: the shape of its result and how to pull a gradient back to its
/// inputs (indices of earlier nodes on the same tape, -1 for inputs not recorded there).
///
/// The node keeps the result and the inputs as seen from older tapes, and the user's pullback
/// as given: wrapping them in one more closure per operation cost an allocation each.
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

  @usableFromInline enum Pullback {
    /// A value the gradient is taken with respect to.
    case leaf
    /// The gradient of `x`.
    case unary(Unary)
    /// `x` scaled by a constant: the gradient of `x` is `factor · upstream`, with no closure to
    /// allocate for the factor. Stored as a `Double` (exact for `Float` too): a payload of
    /// generic type makes every copy of a node go through runtime metadata.
    case scaling(Double)
    /// The gradient of `x`, when `y` is not recorded on this tape.
    case first(Binary)
    /// The gradient of `y`, when `x` is not recorded on this tape.
    case second(Binary)
    /// The gradients of `x` and of `y`, one function each.
    case separate(Binary, Binary)
    /// The gradients of `x` and of `y` from one function.
    case joint(Joint)
    /// The gradients of several inputs, their node indices first.
    case nary([Int], [Tensor<Scalar>], Nary)
  }

  @usableFromInline let shape: [Int]
  @usableFromInline let pullback: Pullback
  @usableFromInline let xIndex: Int
  @usableFromInline let yIndex: Int
  /// The operation's result and inputs as seen from older tapes (nil for a leaf).
  @usableFromInline let value: Tensor<Scalar>?
  @usableFromInline let x: Tensor<Scalar>?
  @usableFromInline let y: Tensor<Scalar>?

  /// A leaf, or an operation whose pullback needs no operands.
  @usableFromInline
  init(shape: [Int], pullback: Pullback) {
    self.shape = shape
    self.pullback = pullback
    (xIndex, yIndex) = (-1, -1)
    (value, x, y) = (nil, nil, nil)
  }

  @usableFromInline
  init(
    value: Tensor<Scalar>, pullback: Pullback, x: Tensor<Scalar>, at xIndex: Int,
    y: Tensor<Scalar>? = nil, at yIndex: Int = -1
  ) {
    self.shape = value.shape
    self.pullback = pullback
    (self.xIndex, self.yIndex) = (xIndex, yIndex)
    (self.value, self.x, self.y) = (value, x, y)
  }
}

/// A tensor's place on one tape.
@usableFromInline
struct TapeEntry<Scalar: TensorScalar> {
  @usableFromInline let tape: Tape<Scalar>
  @usableFromInline let index: Int

  @usableFromInline
  init(tape: Tape<Scalar>, index: Int) {
    self.tape = tape
    self.index = index
  }
}

private let tapeGenerations = Atomic<Int>(0)
