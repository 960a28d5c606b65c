// The libFuzzer harness of the safetensors reader, `SafetensorsFile(bytes:source:)`: an input
// is the whole contents of a file.

import Foundation
import Layers

/// libFuzzer's entry point: reads one input, which must throw or read, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  _ = outcome(of: Array(UnsafeBufferPointer(start: data, count: size)))
  return 0
}

/// The name the inputs are read under.
let source = URL(fileURLWithPath: "/fuzz/input.safetensors")

/// The tensors that `input` holds, described, or the error reading it throws.
///
/// Reading from a file must give the same result, or throw the same problem. A file that is
/// read must describe its data section exactly, give each `F32` and `F64` tensor its bytes (and
/// other dtypes an error), and load into the fuzz models or leave them unchanged.
func outcome(of input: [UInt8]) -> String {
  let file: SafetensorsFile
  do {
    file = try SafetensorsFile(bytes: input, source: source)
  } catch {
    guard let error = error as? SafetensorsError else {
      preconditionFailure("not a SafetensorsError: \(error)")
    }
    precondition(error.url == source, "the error names \(error.url), not the source")
    checkReadingFromAFile(input, fails: error.problem)
    return "threw: \(error)"
  }
  // The header was accepted, so its length field is valid.
  let headerByteCount = input.prefix(8).reversed().reduce(0) { $0 << 8 | Int($1) }
  let data = input[(8 + headerByteCount)...]
  checkEntries(of: file, data: data)
  let loaded = checkReadingFromAFile(input, agreesWith: file)
  let names = file.entries.map { "\($0.name.debugDescription) \($0.dtype.rawValue) \($0.shape)" }
  return "read \(file.entries.count) tensors (\(names.joined(separator: ", ")))"
    + (loaded.isEmpty ? "" : ", loaded into \(loaded.joined(separator: " and "))")
}

/// Traps unless the entries of `file` lie one after another over `data`, its data section, and
/// each reads as `Float` or `Double` exactly when its dtype says so, with the bytes of `data`.
private func checkEntries(of file: SafetensorsFile, data: ArraySlice<UInt8>) {
  var end = 0
  for entry in file.entries {
    precondition(entry.byteRange.lowerBound == end, "\(entry.name) starts at \(entry.byteRange)")
    end = entry.byteRange.upperBound
    precondition(file.entry(named: entry.name) == entry, "entry(named: \"\(entry.name)\")")
    let bytes = data.dropFirst(entry.byteRange.lowerBound).prefix(entry.byteRange.count)
    checkTensor(entry, of: file, as: Float.self, bytes: bytes)
    checkTensor(entry, of: file, as: Double.self, bytes: bytes)
  }
  precondition(end == data.count, "the entries cover \(end) of \(data.count) data bytes")
}

/// Traps unless `file.tensor(named:as:)` reads `entry` as a tensor of its shape holding `bytes`
/// (little-endian) when its dtype is `Scalar`'s, and throws otherwise.
private func checkTensor<Scalar: TensorScalar>(
  _ entry: SafetensorsFile.Entry, of file: SafetensorsFile, as _: Scalar.Type,
  bytes: ArraySlice<UInt8>
) {
  let matches = entry.dtype == SafetensorsDType(scalarType: Scalar.self)
  do {
    let tensor = try file.tensor(named: entry.name, as: Scalar.self)
    precondition(matches, "\(entry.dtype) read as \(Scalar.self)")
    precondition(tensor.shape == entry.shape, "shape \(tensor.shape), not \(entry.shape)")
    let read = tensor.scalars.withUnsafeBytes { Array($0) }
    precondition(read.elementsEqual(bytes), "\(entry.name) does not hold its bytes")
  } catch {
    precondition(!matches, "\(entry.dtype) could not be read as \(Scalar.self): \(error)")
  }
}
