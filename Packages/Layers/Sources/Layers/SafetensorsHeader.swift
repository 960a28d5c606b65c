import Foundation

// Parsing and validating the JSON header of a safetensors file. The header comes from a file we
// did not write, so every number is checked before it is used: a file that passes describes
// tensors whose bytes lie inside the data section, one after another, covering it exactly.

/// The parsed and validated header of a safetensors file.
struct SafetensorsHeader {
  /// The tensors, sorted by their position in the data section.
  var entries: [SafetensorsFile.Entry]

  /// The `__metadata__` map (empty when the file has none).
  var metadata: [String: String]

  /// Parses `bytes`, the header of the file at `url` whose data section is `dataByteCount` bytes.
  ///
  /// - Throws: ``SafetensorsError`` when the header is not UTF-8 JSON of the safetensors form,
  ///   or its entries do not describe the data section exactly.
  init(parsing bytes: [UInt8], dataByteCount: Int, url: URL) throws {
    func failure(_ problem: SafetensorsError.Problem) -> SafetensorsError {
      SafetensorsError(url: url, problem: problem)
    }
    guard String(validating: bytes, as: UTF8.self) != nil else {
      throw failure(.malformedHeader(reason: "its \(bytes.count) bytes are not valid UTF-8 text"))
    }
    let json: SafetensorsJSON
    do {
      json = try SafetensorsJSON.parse(bytes)
    } catch {
      throw failure(
        .malformedHeader(
          reason: "it is not valid JSON: \(error.message) at byte \(error.offset) of the header"))
    }
    guard case .object(let members) = json else {
      throw failure(.malformedHeader(reason: "it is not a JSON object of tensor entries"))
    }
    var entries: [SafetensorsFile.Entry] = []
    var metadata: [String: String] = [:]
    var seen: Set<String> = []
    for (name, value) in members {
      guard seen.insert(name).inserted else {
        throw failure(.malformedHeader(reason: "the name \"\(name)\" appears twice"))
      }
      if name == "__metadata__" {
        guard let map = Self.stringMap(value) else {
          throw failure(
            .malformedHeader(reason: "\"__metadata__\" is not an object of strings to strings"))
        }
        metadata = map
        continue
      }
      do {
        entries.append(try Self.entry(named: name, from: value))
      } catch {
        throw failure(.malformedEntry(tensor: name, reason: error.reason))
      }
    }
    // In file order; zero-size tensors share an offset, so their names break the tie.
    entries.sort { first, second in
      let (a, b) = (first.byteRange, second.byteRange)
      return (a.lowerBound, a.upperBound, first.name) < (b.lowerBound, b.upperBound, second.name)
    }
    var covered = 0
    var previous: String?
    for entry in entries {
      let range = entry.byteRange
      if range.lowerBound > covered {
        let after = previous.map { "tensor \"\($0)\" ends" } ?? "the data section starts"
        throw failure(
          .malformedEntry(
            tensor: entry.name,
            reason: "its data starts at byte \(range.lowerBound), but \(after) at byte "
              + "\(covered): the bytes between belong to no tensor"))
      }
      if range.lowerBound < covered, let previous {
        throw failure(
          .malformedEntry(
            tensor: entry.name,
            reason: "its data (bytes \(range.lowerBound)..<\(range.upperBound)) overlaps that "
              + "of tensor \"\(previous)\", which ends at byte \(covered)"))
      }
      if range.upperBound > dataByteCount {
        throw failure(
          .truncatedData(
            tensor: entry.name, endOffset: range.upperBound, dataByteCount: dataByteCount))
      }
      covered = range.upperBound
      previous = entry.name
    }
    if covered != dataByteCount {
      throw failure(
        .malformedHeader(
          reason: "its tensors cover \(covered) bytes of the data section, but the section has "
            + "\(dataByteCount): the bytes after the last tensor belong to no tensor"))
    }
    self.entries = entries
    self.metadata = metadata
  }

  /// The strings of a JSON object whose values are all strings.
  private static func stringMap(_ value: SafetensorsJSON) -> [String: String]? {
    guard case .object(let members) = value else { return nil }
    var map: [String: String] = [:]
    for (key, value) in members {
      guard case .string(let string) = value else { return nil }
      map[key] = string
    }
    return map
  }

  /// The entry of tensor `name`, after checking that it has the three fields, that its dtype is
  /// known, and that its offsets fit its dtype and shape.
  private static func entry(
    named name: String, from value: SafetensorsJSON
  ) throws(EntryProblem) -> SafetensorsFile.Entry {
    guard case .object(let members) = value else { throw EntryProblem("it is not a JSON object") }
    func field(_ key: String) throws(EntryProblem) -> SafetensorsJSON {
      guard let value = members.first(where: { $0.key == key })?.value else {
        throw EntryProblem(
          "it has no \"\(key)\" (every tensor entry needs \"dtype\", \"shape\" and "
            + "\"data_offsets\")")
      }
      return value
    }
    func integers(_ key: String) throws(EntryProblem) -> [Int] {
      guard case .array(let elements) = try field(key) else {
        throw EntryProblem("its \"\(key)\" is not a list of integers")
      }
      let integers = elements.compactMap(\.integer)
      guard integers.count == elements.count else {
        throw EntryProblem("its \"\(key)\" is not a list of integers")
      }
      return integers
    }
    guard case .string(let dtype) = try field("dtype") else {
      throw EntryProblem("its \"dtype\" is not a string such as \"F32\"")
    }
    return try validated(
      name: name, dtype: dtype, shape: try integers("shape"),
      dataOffsets: try integers("data_offsets"))
  }

  /// The entry, after checking that its dtype is known and its offsets fit its shape.
  private static func validated(
    name: String, dtype: String, shape: [Int], dataOffsets: [Int]
  ) throws(EntryProblem) -> SafetensorsFile.Entry {
    guard let type = SafetensorsDType(rawValue: dtype) else {
      let known = SafetensorsDType.allCases.map(\.rawValue).joined(separator: ", ")
      throw EntryProblem("its dtype \"\(dtype)\" is unknown (safetensors has \(known))")
    }
    guard shape.allSatisfy({ $0 >= 0 }) else {
      throw EntryProblem("its shape \(shape) has a negative dimension")
    }
    guard dataOffsets.count == 2 else {
      throw EntryProblem("its data_offsets \(dataOffsets) are not two numbers [begin, end]")
    }
    let (begin, end) = (dataOffsets[0], dataOffsets[1])
    guard begin >= 0, end >= 0 else {
      throw EntryProblem("its data_offsets \(dataOffsets) are negative")
    }
    guard begin <= end else {
      throw EntryProblem("its data_offsets \(dataOffsets) are reversed: begin is after end")
    }
    var (elementCount, bitCount) = (1, type.bitCount)
    for dimension in shape {
      let elements = elementCount.multipliedReportingOverflow(by: dimension)
      let bits = bitCount.multipliedReportingOverflow(by: dimension)
      guard !elements.overflow, !bits.overflow else {
        throw EntryProblem("its shape \(shape) has too many elements")
      }
      (elementCount, bitCount) = (elements.partialValue, bits.partialValue)
    }
    let elements = "\(elementCount) elements of \(type.rawValue) (shape \(shape))"
    guard bitCount % 8 == 0 else {
      throw EntryProblem("its \(elements) do not fill whole bytes")
    }
    guard bitCount / 8 == end - begin else {
      throw EntryProblem(
        "its data_offsets \(dataOffsets) span \(end - begin) bytes, but its \(elements) take "
          + "\(bitCount / 8) bytes")
    }
    return SafetensorsFile.Entry(name: name, dtype: type, shape: shape, byteRange: begin..<end)
  }
}

/// Why one entry is invalid.
private struct EntryProblem: Error {
  let reason: String
  init(_ reason: String) { self.reason = reason }
}
