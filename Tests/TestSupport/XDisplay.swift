import Foundation

/// A private X display (Xvfb) for a real terminal program in end-to-end tests: the
/// terminal found by its process, driven through XTEST, photographed with a timeout.
public final class XDisplay {
    /// ":N", for DISPLAY.
    public let name: String
    private let pid: pid_t

    public init(width: Int = 1920, height: Int = 1200) throws {
        // -displayfd 1: Xvfb takes a free display and writes its number to standard output.
        var fds: [Int32] = [0, 0]
        guard pipe(&fds) == 0 else { throw Spawn.Failure(description: "no pipe") }
        defer { close(fds[0]) }
        do {
            pid = try Spawn.start(["Xvfb", "-displayfd", "1", "-screen", "0", "\(width)x\(height)x24", "-nolisten", "tcp"],
                                  environment: ProcessInfo.processInfo.environment, streams: [.null, .descriptor(fds[1]), .null],
                                  closing: [fds[0], fds[1]])
        } catch {
            close(fds[1])
            throw error
        }
        close(fds[1])
        var descriptor = pollfd(fd: fds[0], events: Int16(POLLIN), revents: 0)
        var bytes = [UInt8](repeating: 0, count: 16)
        guard poll(&descriptor, 1, 10_000) > 0, case let count = read(fds[0], &bytes, bytes.count), count > 0,
              let number = Int(String(decoding: bytes[0..<count], as: UTF8.self).trimmingCharacters(in: .whitespacesAndNewlines))
        else {
            kill(pid, SIGKILL)
            Spawn.wait(pid)
            throw Spawn.Failure(description: "Xvfb did not start: run scripts/setup")
        }
        name = ":\(number)"
    }

    deinit {
        kill(pid, SIGTERM)
        Spawn.wait(pid)
    }

    public var environment: [String: String] {
        var environment = ProcessInfo.processInfo.environment
        environment["DISPLAY"] = name
        // The test runner's own settings are not the person's (swift test sets NO_COLOR).
        for inherited in ["TMUX", "NO_COLOR", "TERM_PROGRAM"] { environment.removeValue(forKey: inherited) }
        return environment
    }

    /// A program's top window, found by its process id, not its title (which the program may change).
    public func window(of pid: pid_t, timeout: Int = 60) throws -> String {
        let found = try Spawn.run(["timeout", String(timeout), "xdotool", "search", "--sync", "--onlyvisible", "--pid", String(pid)],
                                  environment: environment)
        guard let window = found.split(separator: "\n").first else { throw Spawn.Failure(description: "no window for process \(pid)") }
        return String(window)
    }

    /// Types keys (xdotool's names: Tab, j, Return) into the window, through XTEST as a keyboard does.
    public func type(_ keys: String..., into window: String) throws {
        try Spawn.run(["timeout", "10", "xdotool", "windowfocus", "--sync", window], environment: environment)
        try Spawn.run(["timeout", "10", "xdotool", "key", "--delay", "50"] + keys, environment: environment)
    }

    /// The window's size in pixels.
    public func size(of window: String) throws -> (width: Int, height: Int) {
        let shell = try Spawn.run(["timeout", "10", "xdotool", "getwindowgeometry", "--shell", window], environment: environment)
        func value(_ key: String) -> Int? {
            shell.split(separator: "\n").first { $0.hasPrefix(key + "=") }.flatMap { Int($0.dropFirst(key.count + 1)) }
        }
        guard let width = value("WIDTH"), let height = value("HEIGHT") else { throw Spawn.Failure(description: "no geometry: \(shell)") }
        return (width, height)
    }

    /// A PNG of the window, taken by ImageMagick's import within 15 seconds.
    public func screenshot(of window: String, to file: URL) throws {
        try Spawn.run(["timeout", "15", "import", "-window", window, file.path], environment: environment)
    }
}
