import Foundation

#if canImport(Glibc)
import Glibc
#elseif canImport(Darwin)
import Darwin
#endif

/// Writes a file so that readers, and the disk after a crash, see either the previous file or
/// the complete new one, never a mix.
///
/// The bytes go to a new temporary file beside the target (same directory, so the same file
/// system), which is flushed to disk with `fsync` and then renamed over the target: `rename`
/// replaces a directory entry atomically. A failure removes the temporary file; a crash may
/// leave it behind (named `.<target>.<random>.tmp`), but never touches the target.
struct SafetensorsAtomicFile {
  /// The file descriptor of the temporary file being written.
  private let descriptor: Int32
  private let url: URL

  /// Creates the file at `url` with the bytes that `body` writes.
  ///
  /// - Throws: ``SafetensorsError/Problem/unwritableFile(reason:)`` if the directory does not
  ///   exist or is not writable, or a write, the flush or the rename fails; any error `body`
  ///   throws. The target is then unchanged.
  static func write(to url: URL, _ body: (SafetensorsAtomicFile) throws -> Void) throws {
    func failure(_ reason: String) -> SafetensorsError {
      SafetensorsError(url: url, problem: .unwritableFile(reason: reason))
    }
    guard url.isFileURL else { throw failure("it is not a file URL") }
    let directory = url.deletingLastPathComponent().path
    let suffix = String(UInt64.random(in: 0...UInt64.max), radix: 16)
    let temporary = "\(directory)/.\(url.lastPathComponent).\(suffix).tmp"
    let descriptor = open(temporary, O_WRONLY | O_CREAT | O_EXCL | O_CLOEXEC, 0o644)
    guard descriptor >= 0 else {
      let code = errno
      if code == ENOENT || code == ENOTDIR {
        throw failure("the directory \(directory) does not exist")
      }
      throw failure("cannot create a file in \(directory): \(systemError(code))")
    }
    // Throws the system's error for `action` unless `result` is 0.
    func check(_ result: Int32, _ action: String) throws {
      guard result == 0 else {
        let code = errno
        throw failure("\(action): \(systemError(code))")
      }
    }
    var isOpen = true
    do {
      try body(SafetensorsAtomicFile(descriptor: descriptor, url: url))
      try check(fsync(descriptor), "flushing to disk")
      isOpen = false
      try check(close(descriptor), "closing")
      try check(rename(temporary, url.path), "replacing it")
    } catch {
      if isOpen { close(descriptor) }
      unlink(temporary)
      throw error
    }
    syncDirectory(directory)
  }

  /// Appends `bytes` to the file.
  ///
  /// - Throws: ``SafetensorsError`` if the system refuses (a full disk, a file size limit).
  func write(_ bytes: UnsafeRawBufferPointer) throws {
    var written = 0
    while written < bytes.count {
      let result = writeBytes(descriptor, bytes.baseAddress! + written, bytes.count - written)
      if result >= 0 {
        written += result
      } else if case let code = errno, code != EINTR {
        throw SafetensorsError(url: url, problem: .unwritableFile(reason: systemError(code)))
      }
    }
  }

  /// Flushes the directory entry of a renamed file to disk, so the rename itself survives a
  /// power loss. Best effort: some file systems cannot sync a directory, and the new file is
  /// complete and in place either way.
  private static func syncDirectory(_ path: String) {
    let descriptor = open(path, O_RDONLY | O_CLOEXEC)
    guard descriptor >= 0 else { return }
    fsync(descriptor)
    close(descriptor)
  }
}

/// The system's `write`, which methods named `write` hide.
private func writeBytes(_ descriptor: Int32, _ bytes: UnsafeRawPointer, _ count: Int) -> Int {
  write(descriptor, bytes, count)
}
