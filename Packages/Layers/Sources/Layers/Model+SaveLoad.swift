import Foundation

// Saving and loading parameters as safetensors. These are extensions of `VectorSpace`, not only
// of `Model`, so that everything with parameter paths saves the same way: a model, an array of
// models, a bare tensor.

extension VectorSpace {
  /// Saves the parameters of `self` as a safetensors file, replacing the file atomically.
  ///
  /// Each dense leaf (see ``VectorSpace/leafPaths``) becomes one tensor, named by its parameter
  /// path (`"weight"`, `"layers.0.bias"`), in declaration order, both in the header and in the
  /// data. A `Tensor` keeps its shape, a scalar parameter (`Float`, `Double`) has shape `[]`, an
  /// array of scalars `[n]`; a vector that is itself a single leaf (a bare `Tensor`) is saved
  /// under the name `"tensor"`. `Float` scalars are stored as `F32`, `Double` as `F64`,
  /// little-endian. The header's `__metadata__` is `{"format": "pt"}` (what PyTorch writes, and
  /// what Hugging Face `transformers` expects; ProtoGrad's layouts are PyTorch's) merged with
  /// `metadata`.
  ///
  /// The bytes are written to a temporary file in the same directory, flushed to disk, then
  /// renamed over `url`: a crash or an error leaves the previous file intact.
  ///
  /// ```swift
  /// struct Affine: Model { typealias Scalar = Float; var weight: Tensor<Float>; var bias: Float }
  /// let model = Affine(weight: Tensor(shape: [1, 2], scalars: [1, 2]), bias: 3)
  /// try model.save(to: URL(fileURLWithPath: "affine.safetensors"))
  /// // In Python: safetensors.numpy.load_file("affine.safetensors")
  /// // {'weight': array([[1., 2.]], dtype=float32), 'bias': array(3., dtype=float32)}
  /// ```
  ///
  /// - Parameters:
  ///   - url: The file to write; its directory must exist.
  ///   - metadata: Strings to store in the header's `__metadata__` (an epoch, a description).
  /// - Throws: ``SafetensorsError`` if the directory does not exist or the file cannot be
  ///   written, or if two parameters have the same path.
  /// - Complexity: One pass over the scalars; nothing is copied besides the header.
  public func save(to url: URL, metadata: [String: String] = [:]) throws {
    guard let dtype = SafetensorsDType(scalarType: Scalar.self) else {
      throw SafetensorsError(
        url: url,
        problem: .unsupportedModel(
          reason: "its scalar type \(Scalar.self) has no safetensors dtype"))
    }
    let leaves = safetensorsLeaves().map {
      SafetensorsWriter.Leaf(name: $0.name, dtype: dtype, shape: $0.shape, value: $0.value)
    }
    var seen: Set<String> = []
    for leaf in leaves where !seen.insert(leaf.name).inserted {
      throw SafetensorsError(
        url: url,
        problem: .unsupportedModel(reason: "two parameters are both named \"\(leaf.name)\""))
    }
    let header = ["format": "pt"].merging(metadata) { _, given in given }
    try SafetensorsWriter(leaves: leaves, metadata: header).write(to: url)
  }

  /// Replaces the parameters of `self` with those saved in a safetensors file.
  ///
  /// The file must hold exactly the tensors that ``save(to:metadata:)`` writes for a model of
  /// this structure: one per parameter path, with the parameter's shape and `self`'s scalar
  /// type (`F32` for `Float`, `F64` for `Double`; no conversion is made). Like PyTorch's
  /// `load_state_dict(strict=True)`, tensors that the model does not have are an error too: they
  /// mean the file was saved from another architecture. Files written by PyTorch or NumPy load
  /// the same way when their names and shapes match. Everything is checked before anything is
  /// written: when `load` throws, `self` is unchanged.
  ///
  /// ```swift
  /// var restored = Affine(weight: .zeros(shape: [1, 2]), bias: 0)
  /// try restored.load(from: URL(fileURLWithPath: "affine.safetensors"))
  /// restored.weight.scalars   // [1.0, 2.0]
  /// ```
  ///
  /// - Parameter url: A file written by ``save(to:metadata:)`` or by another safetensors writer.
  /// - Throws: ``SafetensorsError`` naming the file and the problem: a missing, truncated or
  ///   malformed file; tensors missing from the file or not in the model (all are listed); a
  ///   tensor of another dtype or shape (the expected and found ones).
  public mutating func load(from url: URL) throws {
    let file = try SafetensorsFile(contentsOf: url)
    let leaves = safetensorsLeaves()
    let names = Set(leaves.map(\.name))
    let missing = leaves.map(\.name).filter { file.entry(named: $0) == nil }
    let unexpected = file.entries.map(\.name).filter { !names.contains($0) }
    guard missing.isEmpty, unexpected.isEmpty else {
      throw SafetensorsError(
        url: url, problem: .tensorNamesDiffer(missing: missing, unexpected: unexpected))
    }
    for leaf in leaves {
      let entry = file.entry(named: leaf.name)!
      try file.checkDType(of: entry, loadingAs: Scalar.self)
      guard entry.shape == leaf.shape else {
        throw SafetensorsError(
          url: url,
          problem: .shapeMismatch(tensor: leaf.name, expected: leaf.shape, found: entry.shape))
      }
    }
    let paths = leafPaths
    withUnsafeMutablePointer(to: &self) { target in
      var loader = SafetensorsLeafLoader(target: target, file: file)
      for path in paths { path.accept(&loader) }
    }
  }

  /// The dense leaves of `self` with their safetensors names and shapes, in canonical order.
  func safetensorsLeaves() -> [SafetensorsLeaf] {
    var collector = SafetensorsLeafCollector(root: self)
    visitLeaves(&collector)
    return collector.leaves
  }
}

/// The name under which a vector that is a single leaf (a bare `Tensor`) is saved.
let safetensorsRootName = "tensor"

/// A dense leaf of a vector as a safetensors tensor.
struct SafetensorsLeaf {
  let name: String
  let shape: [Int]
  let value: any DenseVector
}

/// A dense vector that knows its shape (a `Tensor`); other leaves are scalars or flat arrays.
protocol SafetensorsShaped {
  var shape: [Int] { get }
}

extension Tensor: SafetensorsShaped {}

/// Collects the leaves of `root` with their names and shapes.
struct SafetensorsLeafCollector<Root: VectorSpace>: LeafVisitor {
  let root: Root
  var leaves: [SafetensorsLeaf] = []

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    let value = leaf.value(in: root)
    let shape =
      if let shaped = value as? any SafetensorsShaped {
        shaped.shape
      } else if value is any VectorScalar {
        [Int]()
      } else {
        [value.scalarCount]
      }
    leaves.append(
      SafetensorsLeaf(name: name.isEmpty ? safetensorsRootName : name, shape: shape, value: value))
  }
}

/// Copies each leaf's scalars from a checked file into the vector at `target`, in place.
struct SafetensorsLeafLoader<Root: VectorSpace>: LeafVisitor {
  let target: UnsafeMutablePointer<Root>
  let file: SafetensorsFile

  mutating func visit<Leaf: DenseVector<Root.Scalar>>(
    _ leaf: LeafAccessor<Root, Leaf>, named name: String
  ) {
    let entry = file.entry(named: name.isEmpty ? safetensorsRootName : name)!
    leaf.modify(in: &target.pointee) { value in
      value.withUnsafeMutableBufferPointer { file.copyScalars(of: entry, into: $0) }
    }
  }
}
