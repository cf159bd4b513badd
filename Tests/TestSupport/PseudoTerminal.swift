import Foundation

/// A program on a pseudo-terminal of a given size in cells and pixels (TIOCSWINSZ),
/// everything it writes kept as bytes: for checking what the workbench sends a
/// terminal, pictures included, without a terminal that interprets it. Started with
/// posix_spawn and an empty signal mask (see `Tmux`), through setsid(1) and env(1), so
/// that it has a session of its own with this terminal as its controlling one and
/// starts in `folder`.
public final class PseudoTerminal: @unchecked Sendable {
    private let master: Int32
    private let pid: pid_t
    private let lock = NSLock()
    private var received: [UInt8] = []
    private var reader: Thread?

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    public init(_ arguments: [String], in folder: URL, columns: Int, rows: Int, pixels: (width: Int, height: Int),
                environment extra: [String: String]) throws {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: UInt16(pixels.width), ws_ypixel: UInt16(pixels.height))
        var master: Int32 = 0, slave: Int32 = 0
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw Failure(description: "no pseudo-terminal: \(errno)") }
        self.master = master
        defer { close(slave) }

        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for descriptor: Int32 in [0, 1, 2] { posix_spawn_file_actions_adddup2(&actions, slave, descriptor) }
        posix_spawn_file_actions_addclose(&actions, master)
        posix_spawn_file_actions_addclose(&actions, slave)
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        let command = ["/usr/bin/setsid", "--ctty", "/usr/bin/env", "-C", folder.path] + arguments
        var cArguments = command.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        environment.removeValue(forKey: "TMUX")
        var cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in cEnvironment { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawn(&pid, command[0], &actions, &attributes, &cArguments, &cEnvironment)
        guard status == 0 else {
            close(master)
            throw Failure(description: "\(arguments[0]) could not be started (\(status))")
        }
        self.pid = pid
        let reader = Thread { [weak self, master] in
            var chunk = [UInt8](repeating: 0, count: 65536)
            while true {
                let count = read(master, &chunk, chunk.count)
                guard count > 0, let self else { break }
                self.append(chunk[0..<count])
            }
        }
        self.reader = reader
        reader.start()
    }

    deinit {
        kill(pid, SIGKILL)
        var status: Int32 = 0
        waitpid(pid, &status, 0)
        close(master)
    }

    private func append(_ bytes: ArraySlice<UInt8>) {
        lock.withLock { received += bytes }
    }

    /// Everything the program wrote so far.
    public var output: [UInt8] { lock.withLock { received } }

    /// Types bytes as keys.
    public func send(_ text: String) {
        let bytes = Array(text.utf8)
        _ = bytes.withUnsafeBufferPointer { write(master, $0.baseAddress, $0.count) }
    }

    /// Polls the output until `condition` finds what it wants; the time it took otherwise is an error.
    @discardableResult
    public func waitFor<T>(_ what: String, timeout: Double = 30, _ condition: ([UInt8]) -> T?) throws -> T {
        let deadline = Date().addingTimeInterval(timeout)
        while Date() < deadline {
            if let found = condition(output) { return found }
            usleep(20_000)
        }
        throw Failure(description: "timed out waiting for \(what) (\(output.count) bytes written)")
    }
}
