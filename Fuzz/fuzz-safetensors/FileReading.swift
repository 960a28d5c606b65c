// Checking that reading from a file agrees with reading from memory, and loading into models.

import Foundation
import Layers

/// The file that inputs are written to, one per process, removed when the process exits.
let scratchFile = scratchDirectory.appendingPathComponent("protograd-fuzz-\(getpid()).safetensors")

/// `/dev/shm`, in memory, where there is one, else the temporary directory: on a disk, rewriting
/// the file from its start for every input made the harness twenty times slower.
private var scratchDirectory: URL {
  let memory = URL(fileURLWithPath: "/dev/shm", isDirectory: true)
  return FileManager.default.fileExists(atPath: memory.path)
    ? memory : FileManager.default.temporaryDirectory
}

/// Removes ``scratchFile`` at exit; evaluated once, on first use.
private let removeScratchFileAtExit: Void = {
  atexit { unlink(scratchFile.path) }
}()

/// Traps unless `SafetensorsFile(contentsOf:)` reads `input`, written to a file, as `file`, and
/// unless loading the fuzz models from that file either gives them its tensors or throws and
/// leaves them unchanged.
///
/// - Returns: The names of the models that loaded.
func checkReadingFromAFile(_ input: [UInt8], agreesWith file: SafetensorsFile) -> [String] {
  switch readFromAFile(input) {
  case .success(let fromFile):
    precondition(fromFile.entries == file.entries, "the file's entries differ")
    precondition(fromFile.metadata == file.metadata, "the file's metadata differs")
  case .failure(let error):
    preconditionFailure("the file threw where the bytes read: \(error)")
  }
  return [checkLoading(FloatModel(), from: file), checkLoading(DoubleModel(), from: file)]
    .compactMap { $0 }
}

/// Traps unless `SafetensorsFile(contentsOf:)`, reading `input` written to a file, throws
/// `problem` as reading it from memory did.
func checkReadingFromAFile(_ input: [UInt8], fails problem: SafetensorsError.Problem) {
  switch readFromAFile(input) {
  case .success:
    preconditionFailure("the file read where the bytes threw: \(problem)")
  case .failure(let error):
    precondition(error.problem == problem, "the file threw \(error.problem), not \(problem)")
  }
}

/// `SafetensorsFile(contentsOf:)` of ``scratchFile`` after writing `input` to it.
private func readFromAFile(_ input: [UInt8]) -> Result<SafetensorsFile, SafetensorsError> {
  _ = removeScratchFileAtExit
  do {
    try Foundation.Data(input).write(to: scratchFile)
  } catch {
    preconditionFailure("cannot write \(scratchFile.path): \(error)")
  }
  do {
    return .success(try SafetensorsFile(contentsOf: scratchFile))
  } catch let error as SafetensorsError {
    return .failure(error)
  } catch {
    preconditionFailure("not a SafetensorsError: \(error)")
  }
}

/// Traps unless loading `model` from ``scratchFile``, which holds `file`, gives each of its
/// parameters the file's tensor of that name, or throws and leaves `model` unchanged.
///
/// - Returns: The model's type name if it loaded, nil if loading threw.
private func checkLoading<M: FuzzModel>(_ model: M, from file: SafetensorsFile) -> String? {
  var loaded = model
  do {
    try loaded.load(from: scratchFile)
  } catch {
    precondition(error is SafetensorsError, "not a SafetensorsError: \(error)")
    precondition(loaded.bitPatterns == model.bitPatterns, "a failed load changed the model")
    return nil
  }
  let expected = M.parameterNames.flatMap { name in
    (try? file.tensor(named: name, as: M.Scalar.self).scalars.map(\.bitPattern64)) ?? []
  }
  precondition(loaded.bitPatterns == expected, "the loaded model does not hold the file's tensors")
  return "\(M.self)"
}
