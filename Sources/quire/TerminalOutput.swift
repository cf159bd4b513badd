import Foundation
import QuireText

/// Writes to stdout and stderr. Text that came from images or file names is
/// escaped whenever the stream is a terminal, so it can never act on it.
enum TerminalOutput {
    static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data((text + "\n").utf8))
    }

    /// A line to stderr, escaped: it carries file names and engine messages.
    static func note(_ text: String) {
        QuietStderr.write("quire: " + TerminalEscaping.escape(text) + "\n")
    }

    /// Recognised text for stdout: as it is into a file or pipe, escaped on a terminal.
    static func userText(_ text: String) -> String {
        stdoutIsTerminal ? TerminalEscaping.escape(text) : text
    }
}

/// `[12/40] 3.1 pages/s` on stderr, rewritten in place, only when stderr is a terminal.
final class ProgressLine {
    private let total: Int
    private let started = Date()
    private var done = 0
    private let enabled = TerminalOutput.stderrIsTerminal

    init(total: Int) { self.total = total }

    func advance(by count: Int = 1) {
        done += count
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(done) / elapsed : 0
        let text = "\r\u{1B}[K[\(done)/\(total)] \(String(format: "%.1f", rate)) pages/s"
        QuietStderr.write(text)
    }

    func finish() {
        guard enabled else { return }
        QuietStderr.write("\r\u{1B}[K")
    }
}
