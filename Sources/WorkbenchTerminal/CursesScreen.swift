import CNcursesw
import Foundation
import WorkbenchCore

/// Why the terminal could not be used.
public struct TerminalError: Error, CustomStringConvertible, Sendable {
    public let description: String
}

/// The terminal through ncursesw: draws cell buffers (only the cells that changed),
/// reads keys, notices resizes. Every call must come from the one thread that made it.
public final class CursesScreen {
    private let screen: OpaquePointer
    private let input: UnsafeMutablePointer<FILE>
    private let output: UnsafeMutablePointer<FILE>
    private var previous: CellBuffer?
    private var pairs: [PairKey: Int16] = [:]
    private let colors: Int
    private var pasting: String?
    private let pictures = ScreenPictures()
    /// Bytes of pictures the last frame wrote.
    public private(set) var pictureBytes = 0
    /// Pictures the last frame wanted but were not made yet.
    public var picturesPending: Int { pictures.pending }

    private struct PairKey: Hashable { var foreground: TerminalColor, background: TerminalColor }

    /// Codes Quire gives to sequences ncurses does not know by itself.
    private enum Extra: Int32, CaseIterable {
        case pasteStart = 0x2000, pasteEnd, wordLeft, wordRight, wordLeftAlt, wordRightAlt, focusIn, focusOut

        var sequence: String {
            switch self {
            case .pasteStart: "\u{1B}[200~"
            case .pasteEnd: "\u{1B}[201~"
            case .wordLeft: "\u{1B}[1;5D"
            case .wordRight: "\u{1B}[1;5C"
            case .wordLeftAlt: "\u{1B}[1;3D"
            case .wordRightAlt: "\u{1B}[1;3C"
            case .focusIn: "\u{1B}[I"
            case .focusOut: "\u{1B}[O"
            }
        }
    }

    /// Takes over the terminal on standard input and output; `terminalType` and the
    /// streams are for running without one (the benchmark draws to /dev/null).
    public init(terminalType: String? = nil, input: UnsafeMutablePointer<FILE>? = nil,
                output: UnsafeMutablePointer<FILE>? = nil, size: (width: Int, height: Int)? = nil) throws(TerminalError) {
        let input = input ?? quire_stdin()!, output = output ?? quire_stdout()!
        setlocale(LC_ALL, "")
        // newterm, unlike initscr, reports an unknown TERM instead of exiting.
        guard let screen = newterm(terminalType, output, input) else {
            throw TerminalError(description: "this terminal (TERM=\(ProcessInfo.processInfo.environment["TERM"] ?? "unset")) is not one ncurses knows")
        }
        self.screen = screen
        self.input = input
        self.output = output
        set_term(screen)
        if let size { resizeterm(Int32(size.height), Int32(size.width)) }
        cbreak()
        noecho()
        nonl()
        keypad(quire_stdscr(), true)
        intrflush(quire_stdscr(), false)
        set_escdelay(25)
        nodelay(quire_stdscr(), true)
        let wantsColor = (ProcessInfo.processInfo.environment["NO_COLOR"] ?? "").isEmpty
        if wantsColor, has_colors() {
            start_color()
            use_default_colors()
            colors = Int(quire_colors())
        } else {
            colors = 0
        }
        for extra in Extra.allCases { define_key(extra.sequence, extra.rawValue) }
        // Bracketed paste: a pasted text arrives as one piece, its line breaks included.
        // Focus events: coming back to the window is when new files may be there.
        fputs("\u{1B}[?2004h\u{1B}[?1004h", output)
        fflush(output)
    }

    /// Gives the terminal back as it was.
    public func end() {
        _ = pictures.show([], repainted: false, write: writeRaw, rewriteRows: { _ in })
        fputs("\u{1B}[?1004l\u{1B}[?2004l", output)
        fflush(output)
        endwin()
        delscreen(screen)
    }

    public var size: (width: Int, height: Int) {
        var rows: Int32 = 0, columns: Int32 = 0
        quire_size(quire_stdscr(), &rows, &columns)
        return (Int(columns), Int(rows))
    }

    public var inputDescriptor: Int32 { fileno(input) }

    /// Whether the terminal shows colour (false with NO_COLOR or a monochrome terminal).
    public var hasColor: Bool { colors > 0 }

    /// How many colours (0 without colour).
    public var colourCount: Int { colors }

    // MARK: Input

    /// Every key waiting, and a resize if there was one.
    public func readMessages() -> [Message] {
        var messages: [Message] = []
        var pendingEscape = false
        while true {
            var character: wint_t = 0
            let result = wget_wch(quire_stdscr(), &character)
            if result == ERR { break }
            if result == quire_key_code_yes() {
                let code = Int32(character)
                if code == KEY_RESIZE {
                    previous = nil
                    messages.append(.resized(width: size.width, height: size.height))
                    // A font made larger or smaller changes the cells' pixels too, where the terminal says.
                    if let cell = TerminalProbe.windowCell(fileno(output)) { messages.append(.cellResized(cell)) }
                    continue
                }
                if let extra = Extra(rawValue: code) {
                    switch extra {
                    case .pasteStart: pasting = ""
                    case .pasteEnd:
                        if let text = pasting { messages.append(.key(.paste(text))) }
                        pasting = nil
                    case .wordLeft, .wordLeftAlt: messages.append(.key(.wordLeft))
                    case .wordRight, .wordRightAlt: messages.append(.key(.wordRight))
                    case .focusIn: messages.append(.focusGained)
                    case .focusOut: break
                    }
                    continue
                }
                if let key = Self.key(forCode: code) { messages.append(.key(key)) }
                continue
            }
            guard let scalar = Unicode.Scalar(UInt32(character)) else { continue }
            if pasting != nil {
                pasting?.unicodeScalars.append(scalar == "\r" ? "\n" : scalar)
                continue
            }
            if scalar.value == 27 {
                if pendingEscape { messages.append(.key(.escape)) }
                pendingEscape = true
                continue
            }
            let key = Self.key(for: scalar)
            if pendingEscape {
                pendingEscape = false
                if case .character(let c) = key { messages.append(.key(.alt(c))); continue }
                if key == .backspace { messages.append(.key(.alt("\u{7F}"))); continue }
                messages.append(.key(.escape))
            }
            messages.append(.key(key))
        }
        if pendingEscape { messages.append(.key(.escape)) }
        return messages
    }

    private static func key(for scalar: Unicode.Scalar) -> Key {
        switch scalar.value {
        case 9: .tab
        case 10, 13: .enter
        case 8, 127: .backspace
        case 1...26: .control(Character(Unicode.Scalar(scalar.value + 96)!))
        default: .character(Character(scalar))
        }
    }

    private static func key(forCode code: Int32) -> Key? {
        switch code {
        case KEY_UP: .up
        case KEY_DOWN: .down
        case KEY_LEFT: .left
        case KEY_RIGHT: .right
        case KEY_HOME: .home
        case KEY_END: .end
        case KEY_PPAGE: .pageUp
        case KEY_NPAGE: .pageDown
        case KEY_BACKSPACE: .backspace
        case KEY_DC: .delete
        case KEY_ENTER: .enter
        case KEY_BTAB: .backTab
        default: nil
        }
    }

    // MARK: Output

    /// Copies a buffer to the screen: only cells that differ from the last frame are
    /// sent; then the pictures of pixels that are new. `pictures` gives the made
    /// pictures of the buffer's slots (nil: not made yet); `picturesOnly` says that
    /// the buffer is the last frame's, so that only its pictures' cells can differ.
    public func draw(_ view: CellBuffer, pictures source: (PictureRequest) -> RenderedPicture? = { _ in nil }, picturesOnly: Bool = false) {
        var buffer = view
        let placements = pictures.compose(&buffer, source: source)
        let fresh = previous.map { $0.width != buffer.width || $0.height != buffer.height } ?? true
        if fresh { erase() }
        for area in picturesOnly && !fresh ? buffer.pictures.map(\.area) : [buffer.area] {
            for y in max(0, area.y)..<min(buffer.height, area.y + area.height) {
                for x in max(0, area.x)..<min(buffer.width, area.x + area.width) {
                    let cell = buffer[x, y]
                    if !fresh, let previous, previous[x, y] == cell { continue }
                    if cell.isContinuation { continue }  // the wide character on its left covers it
                    put(cell, x: x, y: y)
                }
            }
        }
        if let cursor = buffer.cursor {
            curs_set(1)
            move(Int32(cursor.y), Int32(cursor.x))
        } else {
            curs_set(0)
        }
        refresh()
        previous = buffer
        pictureBytes = pictures.show(placements, repainted: fresh, write: writeRaw) { area in
            // Text written over a sixel replaces its pixels: curses sends the rows again.
            wredrawln(quire_stdscr(), Int32(area.y), Int32(area.height))
            refresh()
        }
    }

    /// Bytes for the terminal itself, past curses (which has flushed what it wrote).
    private func writeRaw(_ bytes: [UInt8]) {
        fflush(output)
        bytes.withUnsafeBufferPointer { _ = fwrite($0.baseAddress, 1, $0.count, output) }
        fflush(output)
    }

    private func put(_ cell: Cell, x: Int, y: Int) {
        var characters = Array(cell.character.unicodeScalars.prefix(Int(CCHARW_MAX) - 1).map { wchar_t(bitPattern: $0.value) })
        characters.append(0)
        var complex = cchar_t()
        let pair = pairNumber(cell.style)
        characters.withUnsafeBufferPointer { chars in
            _ = setcchar(&complex, chars.baseAddress, attributes(cell.style), pair, nil)
        }
        mvadd_wch(Int32(y), Int32(x), &complex)
    }

    private func attributes(_ style: Style) -> attr_t {
        var attributes: attr_t = 0
        if style.bold { attributes |= quire_attr_bold() }
        if style.underline { attributes |= quire_attr_underline() }
        if style.reverse { attributes |= quire_attr_reverse() }
        if style.dim { attributes |= quire_attr_dim() }
        return attributes
    }

    private func pairNumber(_ style: Style) -> Int16 {
        guard colors > 0, style.foreground != .standard || style.background != .standard else { return 0 }
        let key = PairKey(foreground: style.foreground, background: style.background)
        if let known = pairs[key] { return known }
        guard pairs.count + 1 < Int(quire_color_pairs()), pairs.count < Int(Int16.max) - 1 else { return 0 }
        let number = Int16(pairs.count + 1)
        init_pair(number, colorNumber(style.foreground), colorNumber(style.background))
        pairs[key] = number
        return number
    }

    private func colorNumber(_ color: TerminalColor) -> Int16 {
        switch color {
        case .standard: return -1
        case .indexed(let index): return Int16(Int(index) < colors ? Int(index) : Int(index) % 8)
        }
    }
}
