import Foundation
import QuireText

/// Writes to stdout and stderr. Text that came from images or file names is
/// escaped whenever the stream is a terminal, so it can never act on it.
enum TerminalOutput {
    static let stdoutIsTerminal = isatty(STDOUT_FILENO) == 1
    static let stderrIsTerminal = isatty(STDERR_FILENO) == 1

    /// A line to stdout; a file name that is not UTF-8 goes out as its own bytes (on a
    /// terminal, `userText` has escaped it already).
    static func out(_ text: String) {
        FileHandle.standardOutput.write(Data(FileNames.bytes(text + "\n")))
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

/// `[input 5/40] 12 pages, 3.1 pages/s` on stderr, rewritten in place, only when
/// stderr is a terminal. Inputs are counted as they are opened (a PDF's pages are only
/// known then), pages as they are finished.
final class ProgressLine {
    private let inputs: Int
    private let started = Date()
    private var inputsOpened = 0
    private var pagesDone = 0
    private let enabled = TerminalOutput.stderrIsTerminal

    init(inputs: Int) { self.inputs = inputs }

    func openedInput() {
        inputsOpened += 1
        draw()
    }

    func finishedPage() {
        pagesDone += 1
        draw()
    }

    private func draw() {
        guard enabled else { return }
        let elapsed = Date().timeIntervalSince(started)
        let rate = elapsed > 0 ? Double(pagesDone) / elapsed : 0
        QuietStderr.write("\r\u{1B}[K[input \(inputsOpened)/\(inputs)] \(pagesDone) pages, \(String(format: "%.1f", rate)) pages/s")
    }

    func finish() {
        guard enabled else { return }
        QuietStderr.write("\r\u{1B}[K")
    }
}
