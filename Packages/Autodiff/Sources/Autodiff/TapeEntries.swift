/// A tensor's places on the active tapes, oldest tape first.
///
/// Almost every recorded tensor is on exactly one tape, so the first entry is stored inline and
/// only nested differentiation (Hessian-vector products) allocates an array.
@usableFromInline
struct TapeEntries<Scalar: TensorScalar> {
  @usableFromInline var first: TapeEntry<Scalar>?
  @usableFromInline var rest: [TapeEntry<Scalar>] = []

  @usableFromInline init() {}

  @inlinable var isEmpty: Bool { first == nil }

  /// The entries, oldest tape first.
  var all: [TapeEntry<Scalar>] { first.map { [$0] + rest } ?? [] }

  /// The single tape of the entries, if there is exactly one.
  var onlyTape: Tape<Scalar>? { rest.isEmpty ? first?.tape : nil }

  mutating func append(_ entry: TapeEntry<Scalar>) {
    if first == nil { first = entry } else { rest.append(entry) }
  }

  /// The index of the node on `tape`, or -1.
  func index(on tape: Tape<Scalar>) -> Int {
    if let first, first.tape === tape { return first.index }
    return rest.first { $0.tape === tape }?.index ?? -1
  }

  /// The entries on tapes older than `tape`.
  func entries(before tape: Tape<Scalar>) -> TapeEntries {
    var result = TapeEntries()
    guard let first, first.tape !== tape else { return result }
    for entry in all where entry.tape.generation < tape.generation { result.append(entry) }
    return result
  }
}
