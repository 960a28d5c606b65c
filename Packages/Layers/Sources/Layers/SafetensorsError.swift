import Foundation

/// Why saving or loading a safetensors file failed: the file, the problem and, where there is
/// one, the fix.
///
/// Every error that ``VectorSpace/save(to:metadata:)``, ``VectorSpace/load(from:)`` and
/// ``SafetensorsFile`` throw is a `SafetensorsError`. Its ``description`` is a sentence meant
/// for the person running the program; ``problem`` is the same information for code.
///
/// ```swift
/// do {
///   try model.load(from: URL(fileURLWithPath: "missing.safetensors"))
/// } catch let error as SafetensorsError {
///   print(error)   // missing.safetensors: cannot open the file: No such file or directory …
/// }
/// ```
public struct SafetensorsError: Error, CustomStringConvertible, Sendable {
  /// What went wrong.
  public enum Problem: Equatable, Sendable {
    /// The file could not be opened or read (`reason` is the system's explanation).
    case unreadableFile(reason: String)
    /// The file is shorter than the 8-byte header length every safetensors file starts with.
    case fileTooShort(byteCount: Int)
    /// The header length field exceeds the 100 MB that safetensors allows.
    case headerTooLarge(headerByteCount: UInt64)
    /// The header length field points past the end of the file.
    case headerPastEndOfFile(headerByteCount: UInt64, fileByteCount: Int)
    /// The header is not UTF-8 JSON of the expected form.
    case malformedHeader(reason: String)
    /// One tensor's header entry is malformed (fields, dtype, shape or offsets).
    case malformedEntry(tensor: String, reason: String)
    /// A tensor's data ends past the end of the file.
    case truncatedData(tensor: String, endOffset: Int, dataByteCount: Int)
    /// A tensor is stored with a different element type than the model's scalars.
    case dtypeMismatch(tensor: String, expected: SafetensorsDType, found: SafetensorsDType)
    /// A tensor has a different shape in the file than in the model.
    case shapeMismatch(tensor: String, expected: [Int], found: [Int])
    /// The file's tensor names differ from the model's parameter paths.
    case tensorNamesDiffer(missing: [String], unexpected: [String])
    /// The file has no tensor of the name asked for (`available` lists the names it has).
    case noSuchTensor(name: String, available: [String])
    /// The model cannot be stored in this format (`reason` says why).
    case unsupportedModel(reason: String)
    /// The file could not be written (`reason` is the system's explanation).
    case unwritableFile(reason: String)
  }

  /// The file that was being read or written.
  public let url: URL

  /// What went wrong.
  public let problem: Problem

  /// An error about the file at `url`.
  public init(url: URL, problem: Problem) {
    self.url = url
    self.problem = problem
  }

  /// The file's path, the problem and the fix, in one or two sentences.
  public var description: String { "\(url.path): \(explanation)" }

  private var explanation: String {
    switch problem {
    case .unreadableFile(let reason):
      return "cannot open the file: \(reason). Check the path (save(to:) creates the file)."
    case .fileTooShort(let byteCount):
      return "the file is \(byteCount) bytes long, shorter than the 8-byte header length every "
        + "safetensors file starts with: it is empty, truncated or not a safetensors file."
    case .headerTooLarge(let headerByteCount):
      return "the header length field says \(headerByteCount) bytes, more than the "
        + "\(SafetensorsFile.maximumHeaderByteCount) bytes safetensors allows: this is not a "
        + "safetensors file, or its first 8 bytes are corrupt."
    case .headerPastEndOfFile(let headerByteCount, let fileByteCount):
      return "the header length field says \(headerByteCount) bytes, but the file has only "
        + "\(fileByteCount - 8) bytes after it: the file is truncated or not a safetensors file."
    case .malformedHeader(let reason):
      return "the header is malformed: \(reason)."
    case .malformedEntry(let tensor, let reason):
      return "the header entry of tensor \"\(tensor)\" is malformed: \(reason)."
    case .truncatedData(let tensor, let endOffset, let dataByteCount):
      return "tensor \"\(tensor)\" ends at byte \(endOffset) of the data section, which has only "
        + "\(dataByteCount) bytes: the file is truncated (an interrupted copy or download?)."
    case .dtypeMismatch(let tensor, let expected, let found):
      let scalars = expected.scalarTypeName.map { "\($0) scalars" } ?? "the scalars asked for"
      let fix =
        found.scalarTypeName.map { "Load the file into a model of \($0), or convert " }
        ?? "Convert "
      return "tensor \"\(tensor)\" is stored as \(found.rawValue), but \(scalars) load only "
        + "\(expected.rawValue). \(fix)the file's tensors to \(expected.rawValue) (in NumPy: "
        + "array.astype(\(expected.numpyName)))."
    case .shapeMismatch(let tensor, let expected, let found):
      return "tensor \"\(tensor)\" has shape \(found) in the file, but the model's parameter has "
        + "shape \(expected). Build the model with the sizes the file was saved with."
    case .tensorNamesDiffer(let missing, let unexpected):
      var parts: [String] = []
      if !missing.isEmpty {
        parts.append(
          missing.count == 1
            ? "the file lacks the model's parameter \(Self.list(missing))"
            : "the file lacks \(missing.count) of the model's parameters: \(Self.list(missing))")
      }
      if !unexpected.isEmpty {
        parts.append(
          unexpected.count == 1
            ? "the file has a tensor the model lacks: \(Self.list(unexpected))"
            : "the file has \(unexpected.count) tensors the model lacks: \(Self.list(unexpected))")
      }
      return parts.joined(separator: ", and ")
        + ". The file was saved from a model of a different structure (tensor names are "
        + "parameter paths such as \"layers.0.weight\"); to use some of its tensors, read them "
        + "with SafetensorsFile(contentsOf:) and assign them yourself."
    case .noSuchTensor(let name, let available):
      return "the file has no tensor \"\(name)\"; it has "
        + (available.isEmpty ? "none." : "\(Self.list(available)).")
    case .unsupportedModel(let reason):
      return "the model cannot be stored as safetensors: \(reason)."
    case .unwritableFile(let reason):
      return "cannot write the file: \(reason). The previous file, if any, is unchanged."
    }
  }

  /// The quoted names, eliding past ten: `"a", "b", "c"`.
  private static func list(_ names: [String]) -> String {
    let shown = names.prefix(10).map { "\"\($0)\"" }.joined(separator: ", ")
    return names.count > 10 ? "\(shown) and \(names.count - 10) more" : shown
  }
}
