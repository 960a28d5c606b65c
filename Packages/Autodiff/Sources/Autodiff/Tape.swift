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
  @usableFromInline
  func append(_ node: TapeNode<Scalar>) -> Int {
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
    for index in stride(from: output, through: 0, by: -1) {
      guard let upstream = gradients[index] else { continue }
      switch nodes[index].pullback {
      case .leaf:
        continue  // a leaf's gradient is a result: keep it
      case .unary(let input, let pullback):
        accumulate(pullback(upstream), into: &gradients, at: input)
      case .binary(let lhs, let rhs, let pullback):
        let (lhsGradient, rhsGradient) = pullback(upstream)
        accumulate(lhsGradient, into: &gradients, at: lhs)
        accumulate(rhsGradient, into: &gradients, at: rhs)
      case .nary(let inputs, let pullback):
        for (input, gradient) in zip(inputs, pullback(upstream)) {
          accumulate(gradient, into: &gradients, at: input)
        }
      }
      gradients[index] = nil  // an interior gradient is used up: free it early
    }
    return gradients
  }

  private func accumulate(
    _ gradient: Tensor<Scalar>, into gradients: inout [Tensor<Scalar>?], at index: Int
  ) {
    guard index >= 0 else { return }  // a constant input: no gradient wanted
    let shape = nodes[index].shape
    precondition(
      gradient.shape == shape,
      "pullback returned a gradient of shape \(gradient.shape) for an input of shape \(shape)")
    if let existing = gradients[index] {
      gradients[index] = existing + gradient
    } else {
      gradients[index] = gradient
    }
  }
}

/// One recorded operation: the shape of its result and how to pull a gradient back to its
/// inputs (indices of earlier nodes on the same tape, -1 for inputs not recorded there).
@usableFromInline
struct TapeNode<Scalar: TensorScalar> {
  @usableFromInline enum Pullback {
    /// A value the gradient is taken with respect to.
    case leaf
    case unary(Int, (Tensor<Scalar>) -> Tensor<Scalar>)
    case binary(Int, Int, (Tensor<Scalar>) -> (Tensor<Scalar>, Tensor<Scalar>))
    case nary([Int], (Tensor<Scalar>) -> [Tensor<Scalar>])
  }

  @usableFromInline let shape: [Int]
  @usableFromInline let pullback: Pullback

  @usableFromInline
  init(shape: [Int], pullback: Pullback) {
    self.shape = shape
    self.pullback = pullback
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
