import Foundation
import WorkbenchCore

/// Asks the terminal what it can show, before curses starts: the questions of
/// `TerminalReplies`, in raw mode, waiting at most a second for the last answer.
public enum TerminalProbe {
    /// How the workbench draws pictures here: `chosen` (the flag, else `QUIRE_GRAPHICS`)
    /// as it is, or, for `auto`, what the terminal's answers allow. Call before curses
    /// starts; `colours` is asked of curses after (the terminal's answers are in by then).
    public static func graphics(chosen: GraphicsMode?, input: Int32 = 0, output: Int32 = 1) -> (_ colours: Int) -> Graphics {
        let environment = ProcessInfo.processInfo.environment
        let replies = chosen == nil ? ask(input: input, output: output) : TerminalReplies()
        let cell = replies.cell ?? windowCell(output)
        return { colours in
            var mode = chosen ?? replies.mode(environment: environment, colours: colours)
            // A picture sized for cells of a guessed size could spill over the panes and scroll the screen.
            if chosen == nil, mode.drawsPixels, cell == nil { mode = colours >= 256 ? .symbols : .braille }
            return Graphics(mode: mode, cell: cell ?? .assumedCell, maxPixels: mode == .sixel ? replies.maxSixel : nil)
        }
    }

    /// The terminal's answers to `TerminalReplies.queries`.
    static func ask(input: Int32, output: Int32, timeout: Double = 1) -> TerminalReplies {
        var saved = termios()
        guard isatty(input) == 1, tcgetattr(input, &saved) == 0 else { return TerminalReplies() }
        var raw = saved
        cfmakeraw(&raw)
        raw.c_oflag = saved.c_oflag
        guard tcsetattr(input, TCSANOW, &raw) == 0 else { return TerminalReplies() }
        defer { tcsetattr(input, TCSANOW, &saved) }
        let queries = Array(TerminalReplies.queries.utf8)
        guard queries.withUnsafeBufferPointer({ write(output, $0.baseAddress, $0.count) }) == queries.count else { return TerminalReplies() }
        var answer: [UInt8] = []
        var chunk = [UInt8](repeating: 0, count: 512)
        let deadline = DispatchTime.now().uptimeNanoseconds + UInt64(timeout * 1e9)
        var replies = TerminalReplies()
        while !replies.complete {
            let now = DispatchTime.now().uptimeNanoseconds
            guard now < deadline else { break }
            var descriptor = pollfd(fd: input, events: Int16(POLLIN), revents: 0)
            guard poll(&descriptor, 1, Int32((deadline - now) / 1_000_000) + 1) > 0 else { continue }
            let count = read(input, &chunk, chunk.count)
            guard count > 0 else { break }
            answer += chunk[0..<count]
            replies = TerminalReplies(parsing: answer)
        }
        return replies
    }

    /// The cell size from the window's size in pixels, where the terminal tells the kernel.
    public static func windowCell(_ descriptor: Int32) -> PixelSize? {
        var size = winsize()
        guard ioctl(descriptor, UInt(TIOCGWINSZ), &size) == 0, size.ws_col > 0, size.ws_row > 0, size.ws_xpixel > 0, size.ws_ypixel > 0
        else { return nil }
        return PixelSize(width: Int(size.ws_xpixel) / Int(size.ws_col), height: Int(size.ws_ypixel) / Int(size.ws_row))
    }
}
