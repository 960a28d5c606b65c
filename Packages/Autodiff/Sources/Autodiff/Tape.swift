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
  /// The nodes, in execution order: `nodeCount` of them from `nodeBase`, room for
  /// `nodeCapacity`. A buffer of the tape's own rather than an `Array`, whose reserving, growing
  /// and freeing run in the standard library's unspecialized code: a generic metadata lookup to
  /// allocate and a value-witness call per field of every node to free, 3,700 instructions per
  /// step of the README model. Only the computation that owns the tape touches these, so the
  /// dynamic exclusivity checks of class properties (a runtime call per access) are turned off.
  @exclusivity(unchecked) private var nodeBase: UnsafeMutablePointer<TapeNode<Scalar>>
  @exclusivity(unchecked) private var nodeCount = 0
  @exclusivity(unchecked) private var nodeCapacity: Int
  /// The buffers the tape outgrew, with their nodes, freed with the tape: a pullback that
  /// records on the tape it runs on may grow it while `backpropagate` reads the nodes. `nil`
  /// until the first: an empty array of a generic element would be looked up at run time.
  @exclusivity(unchecked) private var outgrownBuffers: [UnsafeBufferPointer<TapeNode<Scalar>>]? =
    nil
  /// Whether a tensor on this tape is also recorded on an older one (nested differentiation).
  /// While it is not, an operation on tensors of this tape is recorded without looking further.
  @exclusivity(unchecked) @usableFromInline var isNested = false
  /// Deinitializes `count` nodes from a buffer and frees the buffer: made by ``make()``, in
  /// specialized code.
  private let freeNodes: (UnsafeMutablePointer<TapeNode<Scalar>>, Int) -> Void

  /// A new tape, with room for as many nodes as the last one finished.
  ///
  /// Inlined where `Scalar` is known, so that the nodes' buffer is allocated, and later freed
  /// with its nodes, by specialized code. The initializer and `deinit` of a generic class run
  /// unspecialized: there allocating the buffer, creating an empty array of buffers and freeing
  /// the nodes looked up the metadata of `TapeNode<Scalar>` and of the array at run time (a
  /// hash-table search each time). (Freeing the nodes still goes through the runtime's
  /// `swift_arrayDestroy`; moving them out one by one measured slower.)
  @inlinable
  static func make() -> Tape {
    // Training records the same operations every step: room for the previous tape's length
    // saves growing (and copying) the buffer step by step.
    let capacity = Swift.max(16, recentTapeLength.load(ordering: .relaxed))
    return Tape(
      nodes: .allocate(capacity: capacity), capacity: capacity,
      freeNodes: { nodes, count in
        nodes.deinitialize(count: count)
        nodes.deallocate()
      })
  }

  /// A tape keeping its nodes in `nodes` (room for `capacity`); `freeNodes` deinitializes
  /// nodes and frees their buffer.
  @usableFromInline
  init(
    nodes: UnsafeMutablePointer<TapeNode<Scalar>>, capacity: Int,
    freeNodes: @escaping (UnsafeMutablePointer<TapeNode<Scalar>>, Int) -> Void
  ) {
    generation = tapeGenerations.add(1, ordering: .relaxed).newValue
    nodeBase = nodes
    nodeCapacity = capacity
    self.freeNodes = freeNodes
  }

  deinit {
    recentTapeLength.store(Swift.min(nodeCount, 4096), ordering: .relaxed)
    freeNodes(nodeBase, nodeCount)
    if let outgrownBuffers {
      for buffer in outgrownBuffers {
        freeNodes(UnsafeMutablePointer(mutating: buffer.baseAddress!), buffer.count)
      }
    }
  }

  /// The nodes recorded so far, read in place; valid as long as the tape.
  @inline(__always) @usableFromInline
  var nodes: UnsafeBufferPointer<TapeNode<Scalar>> {
    UnsafeBufferPointer(start: nodeBase, count: nodeCount)
  }

  /// Appends a node recording `value` (as seen from older tapes) and returns its index.
  @inline(__always) @usableFromInline
  func record(
    _ value: Tensor<Scalar>, pullback: TapeNode<Scalar>.Pullback,
    x: Tensor<Scalar>? = nil, at xIndex: Int = -1, y: Tensor<Scalar>? = nil, at yIndex: Int = -1
  ) -> Int {
    if nodeCount == nodeCapacity { grow() }
    (nodeBase + nodeCount).initialize(
      to: TapeNode(value: value, pullback: pullback, x: x, at: xIndex, y: y, at: yIndex))
    nodeCount += 1
    return nodeCount - 1
  }

  /// Copies the nodes into a buffer twice as large; the old one keeps its nodes until the tape
  /// is freed, so that buffer pointers from ``nodes`` stay valid.
  @inline(never)
  private func grow() {
    let larger = UnsafeMutablePointer<TapeNode<Scalar>>.allocate(capacity: 2 * nodeCapacity)
    larger.initialize(from: nodeBase, count: nodeCount)
    outgrownBuffers = (outgrownBuffers ?? []) + [nodes]
    (nodeBase, nodeCapacity) = (larger, 2 * nodeCapacity)
  }

  /// Runs the pullbacks from node `output` back to the start of the tape with `seed` as the
  /// gradient of `output`, and returns the gradient of every node (nil where none flows).
  @_specialize(where Scalar == Float)
  @_specialize(where Scalar == Double)
  @usableFromInline
  func backpropagate(from output: Int, seed: Tensor<Scalar>) -> [Tensor<Scalar>?] {
    var gradients = [Tensor<Scalar>?](repeating: nil, count: output + 1)
    gradients[output] = seed
    // The nodes are read in place: copying a whole node costs a dozen retains. A pullback may
    // record on this tape and grow it; these nodes stay where they are (see `grow()`).
    let nodes = self.nodes
    for index in stride(from: output, through: 0, by: -1) {
      if case .leaf = nodes[index].pullback { continue }  // a leaf's gradient is a result
      // An interior gradient is used up: taken out (no reference count), so it is freed early
      // and, when nothing else holds it, updated in place below.
      guard var upstream = gradients[index].take() else { continue }
      let (xIndex, yIndex) = (nodes[index].xIndex, nodes[index].yIndex)
      switch nodes[index].pullback {
      case .leaf:
        continue
      case .unary(let pullback):
        let xGradient = pullback(upstream, nodes[index].value, nodes[index].x!)
        accumulate(xGradient, into: &gradients, at: xIndex, nodes)
      case .scaling(let factor):
        // The upstream gradient is used up here: scale it in place if nothing else holds it.
        upstream.scale(by: Scalar(factor))
        accumulate(upstream, into: &gradients, at: xIndex, nodes)
      case .sum(let negatingSecond):
        if xIndex >= 0 {
          let xGradient = upstream.sum(toShape: nodes[xIndex].value.shape)
          accumulate(xGradient, into: &gradients, at: xIndex, nodes)
        }
        if yIndex >= 0 {
          let yGradient = upstream.sum(toShape: nodes[yIndex].value.shape)
          accumulate(negatingSecond ? -yGradient : yGradient, into: &gradients, at: yIndex, nodes)
        }
      case .sumOfAll:
        guard xIndex >= 0 else { continue }  // (a sum is recorded only when its input is)
        let xGradient = upstream.broadcast(toShape: nodes[xIndex].value.shape)
        accumulate(xGradient, into: &gradients, at: xIndex, nodes)
      case .square:
        upstream.multiply(by: nodes[index].x!, scaledBy: 2, summingTo: nodes[index].value.shape)
        accumulate(upstream, into: &gradients, at: xIndex, nodes)
      case .product:
        // The upstream gradient is used up by the last factor's gradient: in place.
        if xIndex >= 0 && yIndex >= 0 {
          var yGradient = upstream  // shared, so multiplying it writes a new buffer
          yGradient.multiply(by: nodes[index].x!, summingTo: nodes[index].y!.shape)
          accumulate(yGradient, into: &gradients, at: yIndex, nodes)
        }
        if xIndex >= 0 {
          upstream.multiply(by: nodes[index].y!, summingTo: nodes[index].x!.shape)
          accumulate(upstream, into: &gradients, at: xIndex, nodes)
        } else {
          upstream.multiply(by: nodes[index].x!, summingTo: nodes[index].y!.shape)
          accumulate(upstream, into: &gradients, at: yIndex, nodes)
        }
      case .first(let pullback):
        let xGradient = pullback(upstream, nodes[index].value, nodes[index].x!, nodes[index].y!)
        accumulate(xGradient, into: &gradients, at: xIndex, nodes)
      case .second(let pullback):
        let yGradient = pullback(upstream, nodes[index].value, nodes[index].x!, nodes[index].y!)
        accumulate(yGradient, into: &gradients, at: yIndex, nodes)
      case .separate(let pullbackOfFirst, let pullbackOfSecond):
        let (value, x, y) = (nodes[index].value, nodes[index].x!, nodes[index].y!)
        accumulate(pullbackOfFirst(upstream, value, x, y), into: &gradients, at: xIndex, nodes)
        accumulate(pullbackOfSecond(upstream, value, x, y), into: &gradients, at: yIndex, nodes)
      case .joint(let pullback):
        let (xGradient, yGradient) = pullback(
          upstream, nodes[index].value, nodes[index].x!, nodes[index].y!)
        accumulate(xGradient, into: &gradients, at: xIndex, nodes)
        accumulate(yGradient, into: &gradients, at: yIndex, nodes)
      case .nary(let inputIndices, let inputs, let pullback):
        let inputGradients = pullback(upstream, nodes[index].value, inputs)
        precondition(
          inputGradients.count == inputs.count,
          "pullback returned \(inputGradients.count) gradients for \(inputs.count) inputs")
        for (input, gradient) in zip(inputIndices, inputGradients) {
          accumulate(gradient, into: &gradients, at: input, nodes)
        }
      case .naryPerInput(let inputIndices, let inputs, let pullbacks):
        for (input, pullback) in zip(inputIndices, pullbacks) where input >= 0 {
          let gradient = pullback(upstream, nodes[index].value, inputs)
          accumulate(gradient, into: &gradients, at: input, nodes)
        }
      }
    }
    return gradients
  }

  @inline(__always)
  private func accumulate(
    _ gradient: Tensor<Scalar>, into gradients: inout [Tensor<Scalar>?], at index: Int,
    _ nodes: UnsafeBufferPointer<TapeNode<Scalar>>
  ) {
    guard index >= 0 else { return }  // a constant input: no gradient wanted
    precondition(
      gradient.shape == nodes[index].value.shape,
      "pullback returned a gradient of shape \(gradient.shape) for an input of shape "
        + "\(nodes[index].value.shape)")
    guard gradients[index] != nil else {
      gradients[index] = gradient
      return
    }
    // In place outside nested differentiation (into the existing buffer when nothing else
    // shares it); recorded as `+` when the gradients are themselves being differentiated.
    gradients[index]!.add(gradient, scaledBy: 1)
  }
}

/// The length of a recently finished tape, which new tapes reserve room for.
@usableFromInline let recentTapeLength = Atomic<Int>(0)

private let tapeGenerations = Atomic<Int>(0)
