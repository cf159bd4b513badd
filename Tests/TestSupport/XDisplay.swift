import Foundation

/// A private X display (Xvfb) for a real terminal program in end-to-end tests: the
/// terminal found by its process, driven through XTEST, photographed with a timeout.
public final class XDisplay {
    /// ":N", for DISPLAY.
    public let name: String
    private let pid: pid_t

    public init(width: Int = 1920, height: Int = 1200) throws {
        // The first free display number, told to Xvfb, and ready once its socket is there.
        // (With -displayfd Xvfb tells its number through a pipe; with the other suites
        // running at once it sometimes could not: "Cannot write display number to fd 1".)
        let giveUp = Date().addingTimeInterval(60)
        for number in 10..<100 where !FileManager.default.fileExists(atPath: "/tmp/.X\(number)-lock") && Date() < giveUp {
            let pid = try Spawn.start(["Xvfb", ":\(number)", "-screen", "0", "\(width)x\(height)x24", "-nolisten", "tcp"],
                                      environment: ProcessInfo.processInfo.environment)
            let socket = "/tmp/.X11-unix/X\(number)"
            let deadline = Date().addingTimeInterval(10)
            var status: Int32 = 0
            while Date() < deadline, !FileManager.default.fileExists(atPath: socket), kill(pid, 0) == 0 {
                usleep(20_000)
            }
            let ended = waitpid(pid, &status, WNOHANG) == pid
            if !ended, FileManager.default.fileExists(atPath: socket) {
                self.pid = pid
                name = ":\(number)"
                return
            }
            if !ended {  // taken meanwhile, or too slow: the next number
                kill(pid, SIGKILL)
                Spawn.wait(pid)
            }
        }
        throw Spawn.Failure(description: "Xvfb did not start: run scripts/setup")
    }

    deinit {
        Spawn.stop(pid)
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
