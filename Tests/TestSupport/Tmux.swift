import Foundation

/// A real terminal for end-to-end tests: a private tmux server running one command
/// in a window of a given size, read with capture-pane and driven with send-keys.
/// tmux is started by `Spawn`, so that the program inside sees SIGWINCH.
public final class Tmux {
    public let socket: String
    private let session = "quire"

    public struct Failure: Error, CustomStringConvertible {
        public let description: String
    }

    /// Starts `command` (run by sh) in a `width` x `height` window.
    public init(command: String, width: Int = 100, height: Int = 32, environment: [String: String] = [:]) throws {
        socket = "quire-test-\(UUID().uuidString.prefix(8))"
        let exports = environment.map { "export \($0.key)='\($0.value)'; " }.joined()
        // As most people's tmux is set up: 256 colours inside (the default, screen, has 8).
        try run(["start-server", ";", "set-option", "-g", "default-terminal", "tmux-256color", ";",
                 "new-session", "-d", "-s", session, "-x", String(width), "-y", String(height), exports + command])
    }

    deinit { _ = try? run(["kill-server"]) }

    /// The screen's text now.
    public func screen() throws -> String {
        try run(["capture-pane", "-p", "-t", session], capture: true)
    }

    /// Keys in tmux's notation (Enter, Escape, C-r, Up) or, with `literal`, text as typed.
    public func send(_ keys: String..., literal: Bool = false) throws {
        try run(["send-keys", "-t", session] + (literal ? ["-l"] : []) + keys)
    }

    /// Ends the server as a dropped connection ends a session: what runs in the window
    /// gets SIGHUP.
    public func hangUp() throws {
        try run(["kill-server"])
    }

    public func resize(width: Int, height: Int) throws {
        try run(["resize-window", "-t", session, "-x", String(width), "-y", String(height)])
    }

    /// Polls the screen until `condition` holds; the last screen in the error otherwise.
    @discardableResult
    public func waitFor(_ what: String, timeout: Double = 20, _ condition: (String) -> Bool) throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = try screen()
            if condition(last) { return last }
            usleep(20_000)
        }
        throw Failure(description: "timed out waiting for \(what); the screen was:\n\(last)")
    }

    @discardableResult
    public func waitFor(_ text: String, timeout: Double = 20) throws -> String {
        try waitFor("\"\(text)\"", timeout: timeout) { $0.contains(text) }
    }

    @discardableResult
    private func run(_ arguments: [String], capture: Bool = false) throws -> String {
        let output = capture ? FileManager.default.temporaryDirectory.appendingPathComponent("\(socket)-\(UUID().uuidString).txt") : nil
        defer { if let output { try? FileManager.default.removeItem(at: output) } }
        var environment = ProcessInfo.processInfo.environment
        environment["TERM"] = "xterm-256color"
        // The test runner's own settings are not the person's (swift test sets NO_COLOR).
        for inherited in ["TMUX", "NO_COLOR", "TERM_PROGRAM"] { environment.removeValue(forKey: inherited) }
        let pid = try Spawn.start(["tmux", "-L", socket, "-f", "/dev/null"] + arguments, environment: environment,
                                  streams: [.null, .file(output?.path ?? "/dev/null", flags: O_WRONLY | O_CREAT | O_TRUNC), .null])
        guard Spawn.wait(pid, within: 30) != nil else { throw Failure(description: "tmux \(arguments.first ?? "") did not end within 30 s") }
        guard let output else { return "" }
        return (try? String(contentsOf: output, encoding: .utf8)) ?? ""
    }
}
