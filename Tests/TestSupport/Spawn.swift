import Foundation

/// Starts programs for end-to-end tests with posix_spawn, an empty signal mask and
/// default signal handlers: under the test runner a child made by Foundation's Process
/// starts with signals blocked, and a program inside would never see SIGWINCH or SIGCHLD.
public enum Spawn {
    /// Where a child's standard stream comes from.
    public enum Stream: Sendable {
        case file(String, flags: Int32)
        case descriptor(Int32)

        public static let null = Stream.file("/dev/null", flags: O_RDWR)
    }

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
        public init(description: String) { self.description = description }
    }

    /// Starts `arguments[0]` (looked up in PATH) with standard input, output and error
    /// from `streams`, closing `closing` in the child; returns its process id.
    public static func start(_ arguments: [String], environment: [String: String], streams: [Stream] = [.null, .null, .null],
                             closing: [Int32] = []) throws -> pid_t {
        var actions = posix_spawn_file_actions_t()
        posix_spawn_file_actions_init(&actions)
        defer { posix_spawn_file_actions_destroy(&actions) }
        for (target, stream) in streams.enumerated() {
            switch stream {
            case .file(let path, let flags): posix_spawn_file_actions_addopen(&actions, Int32(target), path, flags, 0o600)
            case .descriptor(let descriptor): posix_spawn_file_actions_adddup2(&actions, descriptor, Int32(target))
            }
        }
        for descriptor in closing { posix_spawn_file_actions_addclose(&actions, descriptor) }
        var attributes = posix_spawnattr_t()
        posix_spawnattr_init(&attributes)
        defer { posix_spawnattr_destroy(&attributes) }
        var empty = sigset_t(), all = sigset_t()
        sigemptyset(&empty)
        sigfillset(&all)
        posix_spawnattr_setsigmask(&attributes, &empty)
        posix_spawnattr_setsigdefault(&attributes, &all)
        posix_spawnattr_setflags(&attributes, Int16(POSIX_SPAWN_SETSIGMASK | POSIX_SPAWN_SETSIGDEF))
        var cArguments = arguments.map { strdup($0) } + [nil]
        defer { for pointer in cArguments { free(pointer) } }
        var cEnvironment = environment.map { strdup("\($0.key)=\($0.value)") } + [nil]
        defer { for pointer in cEnvironment { free(pointer) } }
        var pid: pid_t = 0
        let status = posix_spawnp(&pid, arguments[0], &actions, &attributes, &cArguments, &cEnvironment)
        guard status == 0 else { throw Failure(description: "\(arguments[0]) could not be started (\(status)): run scripts/setup") }
        return pid
    }

    /// Waits for a child to end and returns its exit status.
    @discardableResult
    public static func wait(_ pid: pid_t) -> Int32 {
        var status: Int32 = 0
        while waitpid(pid, &status, 0) == -1 && errno == EINTR {}
        return (status >> 8) & 0xFF
    }

    /// Waits at most `seconds` for a child to end, then kills it (SIGKILL) and reaps it:
    /// a program that hangs fails its test instead of holding the whole run.
    /// The exit status, or nil when it had to be killed.
    @discardableResult
    public static func wait(_ pid: pid_t, within seconds: Double) -> Int32? {
        let deadline = Date().addingTimeInterval(seconds)
        var status: Int32 = 0
        while Date() < deadline {
            let ended = waitpid(pid, &status, WNOHANG)
            if ended == pid { return (status >> 8) & 0xFF }
            if ended == -1 && errno != EINTR { return nil }
            usleep(10_000)
        }
        kill(pid, SIGKILL)
        wait(pid)
        return nil
    }

    /// Asks a child to end (SIGTERM) and waits at most `seconds` before killing it.
    public static func stop(_ pid: pid_t, within seconds: Double = 10) {
        kill(pid, SIGTERM)
        wait(pid, within: seconds)
    }

    /// Runs a program to its end (at most `timeout` seconds); what it printed, with `output`.
    @discardableResult
    public static func run(_ arguments: [String], environment: [String: String] = ProcessInfo.processInfo.environment,
                           timeout: Double = 120) throws -> String {
        let file = FileManager.default.temporaryDirectory.appendingPathComponent("quire-spawn-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: file) }
        let pid = try start(arguments, environment: environment,
                            streams: [.null, .file(file.path, flags: O_WRONLY | O_CREAT | O_TRUNC), .null])
        guard let status = wait(pid, within: timeout) else {
            throw Failure(description: "\(arguments.joined(separator: " ")) did not end within \(Int(timeout)) s")
        }
        guard status == 0 else { throw Failure(description: "\(arguments.joined(separator: " ")) exited with \(status)") }
        return (try? String(contentsOf: file, encoding: .utf8)) ?? ""
    }
}
