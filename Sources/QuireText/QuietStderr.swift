import Foundation

/// C libraries that decode images (libpng, libjpeg, libtiff) print to the process's
/// stderr when a file is damaged, and give no way to stop it. Stray text there
/// would trash a terminal screen and mix into command output, so their calls run
/// with stderr pointed at /dev/null for the moment they take. Quire's own messages
/// go through `write`, which takes the same lock, so none of them is lost.
public enum QuietStderr {
    private static let lock = NSLock()
    private static let devNull: Int32 = open("/dev/null", O_WRONLY)

    public static func run<T>(_ body: () throws -> T) rethrows -> T {
        lock.lock()
        defer { lock.unlock() }
        let saved = dup(STDERR_FILENO)
        guard saved >= 0, devNull >= 0 else { return try body() }
        dup2(devNull, STDERR_FILENO)
        defer {
            dup2(saved, STDERR_FILENO)
            close(saved)
        }
        return try body()
    }

    /// Writes Quire's own text to stderr, never while stderr is silenced.
    public static func write(_ text: String) {
        lock.withLock { FileHandle.standardError.write(Data(text.utf8)) }
    }
}
