// The libFuzzer harness of the IDX reader, `IDXArray(bytes:source:)`.
//
// An input is a mode byte, then the payload. The mode's bits choose what the reader is given:
//   bit 0  the payload compressed by zlib into gzip, so that the IDX inside is fuzzed too (a
//          mutated gzip file nearly always fails its checksum before any IDX is read);
//   bit 1  with bit 0, two gzip members one after another, as `cat a.gz b.gz` makes;
//   bit 2  a source named `.gz`, which requires gzip bytes.
// Without bit 0 the payload is read as it is: plain IDX, or gzip that the fuzzer mutates.

import Data
import Foundation

/// libFuzzer's entry point: reads one input, which must throw or read, never trap.
@_cdecl("LLVMFuzzerTestOneInput")
public func fuzz(_ data: UnsafePointer<UInt8>, _ size: Int) -> CInt {
  _ = outcome(of: Array(UnsafeBufferPointer(start: data, count: size)))
  return 0
}

/// The names the inputs are read under: absolute, so that making the URLs asks for no directory.
let plainSource = URL(fileURLWithPath: "/fuzz/input")
let gzipSource = URL(fileURLWithPath: "/fuzz/input.gz")

/// The array that `input` holds, described, or the error reading it throws.
///
/// An array that is read must convert to tensors of its shape and, for integer elements, to
/// integers; the conversions must agree with each other.
func outcome(of input: [UInt8]) -> String {
  guard let mode = input.first else { return "no mode byte" }
  let payload = Array(input.dropFirst())
  let bytes = mode & 1 == 0 ? payload : gzipped(payload, members: mode & 2 == 0 ? 1 : 2)
  let source = mode & 4 == 0 ? plainSource : gzipSource
  let array: IDXArray
  do {
    array = try IDXArray(bytes: bytes, source: source)
  } catch {
    precondition(error.url == source, "the error names \(error.url), not the source")
    return "threw: \(error)"
  }
  checkConversions(of: array)
  return "read \(array.elementType) elements of shape \(array.shape)"
}

/// Traps unless `array`'s conversions to `Float`, `Double` and `Int` have its shape and agree.
private func checkConversions(of array: IDXArray) {
  let floats = array.tensor(as: Float.self)
  let doubles = array.tensor(as: Double.self, scaledBy: 2)
  for shape in [floats.shape, doubles.shape] {
    precondition(shape == array.shape, "a tensor of shape \(shape), not \(array.shape)")
  }
  precondition(floats.scalarCount == array.count && doubles.scalarCount == array.count)
  // Doubling is exact (or overflows to infinity, where Float overflows too), so halving the
  // doubles and rounding must give the floats.
  for (float, double) in zip(floats.scalars, doubles.scalars) {
    let expected = Float(double / 2)
    precondition(float == expected || (float.isNaN && expected.isNaN), "\(float) ≠ \(expected)")
  }
  do {
    let integers = try array.integers()
    precondition(array.elementType.isInteger, "integers() read \(array.elementType) elements")
    precondition(integers.count == array.count, "\(integers.count) integers of \(array.count)")
    for (integer, double) in zip(integers, doubles.scalars) {
      precondition(Double(integer) * 2 == double, "integer \(integer), scalar \(double / 2)")
    }
  } catch {
    precondition(!array.elementType.isInteger, "integers() threw for integers: \(error)")
  }
}
