import Foundation

/// A program on a pseudo-terminal of a given size in cells and pixels (TIOCSWINSZ),
/// everything it writes kept as bytes: for checking what the workbench sends a
/// terminal, pictures included, without a terminal that interprets it. Started by
/// `Spawn`, through setsid(1) and env(1), so that it has a session of its own with this
/// terminal as its controlling one and starts in `folder`.
public final class PseudoTerminal: @unchecked Sendable {
    private let master: Int32
    private let pid: pid_t
    private let lock = NSLock()
    private var received: [UInt8] = []
    private var reader: Thread?

    public init(_ arguments: [String], in folder: URL, columns: Int, rows: Int, pixels: (width: Int, height: Int),
                environment extra: [String: String]) throws {
        var size = winsize(ws_row: UInt16(rows), ws_col: UInt16(columns), ws_xpixel: UInt16(pixels.width), ws_ypixel: UInt16(pixels.height))
        var master: Int32 = 0, slave: Int32 = 0
        guard openpty(&master, &slave, nil, nil, &size) == 0 else { throw Spawn.Failure(description: "no pseudo-terminal: \(errno)") }
        self.master = master
        defer { close(slave) }

        var environment = ProcessInfo.processInfo.environment.merging(extra) { $1 }
        environment.removeValue(forKey: "TMUX")
        let command = ["/usr/bin/setsid", "--ctty", "/usr/bin/env", "-C", folder.path] + arguments
        let pid: pid_t
        do {
            pid = try Spawn.start(command, environment: environment, streams: Array(repeating: .descriptor(slave), count: 3),
                                  closing: [master, slave])
        } catch {
            close(master)
            throw error
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
        Spawn.wait(pid)
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
        throw Spawn.Failure(description: "timed out waiting for \(what) (\(output.count) bytes written)")
    }
}
