import QuireText

/// A rectangle of cells on the screen.
public struct Area: Equatable, Sendable {
    public var x: Int, y: Int, width: Int, height: Int

    public init(x: Int, y: Int, width: Int, height: Int) {
        self.x = x; self.y = y; self.width = max(0, width); self.height = max(0, height)
    }

    /// The area without a margin of `by` cells on every side.
    public func inset(_ by: Int) -> Area { Area(x: x + by, y: y + by, width: width - 2 * by, height: height - 2 * by) }

    /// The top `rows` rows, and what is left below them.
    public func splitTop(_ rows: Int) -> (top: Area, rest: Area) {
        let rows = min(max(0, rows), height)
        return (Area(x: x, y: y, width: width, height: rows), Area(x: x, y: y + rows, width: width, height: height - rows))
    }

    public func splitBottom(_ rows: Int) -> (rest: Area, bottom: Area) {
        let rows = min(max(0, rows), height)
        return (Area(x: x, y: y, width: width, height: height - rows), Area(x: x, y: y + height - rows, width: width, height: rows))
    }

    public func splitLeft(_ columns: Int) -> (left: Area, rest: Area) {
        let columns = min(max(0, columns), width)
        return (Area(x: x, y: y, width: columns, height: height), Area(x: x + columns, y: y, width: width - columns, height: height))
    }
}

/// One cell: a character (a grapheme cluster) and its style. A wide character fills
/// its own cell and leaves the next one as a continuation, which draws nothing.
public struct Cell: Equatable, Sendable {
    public var character: Character
    public var style: Style
    /// The right half of a wide character.
    public var isContinuation: Bool

    public static let blank = Cell(character: " ", style: .plain, isContinuation: false)

    public init(character: Character, style: Style, isContinuation: Bool = false) {
        self.character = character
        self.style = style
        self.isContinuation = isContinuation
    }
}

/// What the view draws into and the terminal front copies to the screen, like
/// ratatui's buffer. Text written here is clipped by columns, never split inside a
/// wide character, and escaped: control characters and escape sequences never get in.
public struct CellBuffer: Equatable, Sendable {
    public let width: Int
    public let height: Int
    public private(set) var cells: [Cell]
    /// Where the terminal's cursor should stand (the line editor's caret), if anywhere.
    public var cursor: (x: Int, y: Int)? {
        get { cursorPosition.map { ($0 % max(width, 1), $0 / max(width, 1)) } }
        set { cursorPosition = newValue.map { $0.y * width + $0.x } }
    }
    private var cursorPosition: Int?
    /// Pictures to put over areas of the screen; the cells hold their placeholders.
    public var pictures: [PictureSlot] = []

    public init(width: Int, height: Int) {
        self.width = max(0, width)
        self.height = max(0, height)
        cells = Array(repeating: .blank, count: self.width * self.height)
    }

    public var area: Area { Area(x: 0, y: 0, width: width, height: height) }

    public subscript(x: Int, y: Int) -> Cell {
        cells[y * width + x]
    }

    /// Writes `text` at (`x`, `y`), at most `maxWidth` columns (default: to the edge),
    /// and returns the columns used. Untrusted text is escaped first by `put`.
    @discardableResult
    public mutating func put(_ text: String, x: Int, y: Int, style: Style = .plain, maxWidth: Int? = nil) -> Int {
        guard y >= 0, y < height, x < width else { return 0 }
        let limit = min(maxWidth ?? width, width - x)
        var column = x
        for character in Self.safe(text) {
            let w = DisplayWidth.of(character)
            if w == 0 { continue }  // a lone combining mark: nothing to stand on
            if column + w > x + limit { break }
            if column >= 0 { set(character, x: column, y: y, width: w, style: style) }
            column += w
        }
        return column - x
    }

    /// `text` with control characters shown as escapes (a no-op for ordinary text).
    static func safe(_ text: String) -> String {
        text.unicodeScalars.contains { TerminalEscaping.needsEscape($0) } ? TerminalEscaping.escape(text) : text
    }

    private mutating func set(_ character: Character, x: Int, y: Int, width w: Int, style: Style) {
        let index = y * width + x
        clearWide(at: index)
        cells[index] = Cell(character: character, style: style, isContinuation: false)
        if w == 2 {
            if x + 1 < width {
                clearWide(at: index + 1)
                cells[index + 1] = Cell(character: " ", style: style, isContinuation: true)
            } else {
                cells[index] = Cell(character: " ", style: style, isContinuation: false)  // no room for its right half
            }
        }
    }

    /// Overwriting half of a wide character blanks its other half.
    private mutating func clearWide(at index: Int) {
        if cells[index].isContinuation, index > 0 {
            cells[index - 1] = Cell(character: " ", style: cells[index - 1].style, isContinuation: false)
        } else if index + 1 < cells.count, cells[index + 1].isContinuation, index % width != width - 1 {
            cells[index + 1] = Cell(character: " ", style: cells[index + 1].style, isContinuation: false)
        }
    }

    /// Fills an area with one character and style.
    public mutating func fill(_ area: Area, with character: Character = " ", style: Style = .plain) {
        for y in max(0, area.y)..<min(height, area.y + area.height) {
            for x in max(0, area.x)..<min(width, area.x + area.width) {
                set(character, x: x, y: y, width: 1, style: style)
            }
        }
    }

    /// Puts a cell of a picture (one column wide) at (`x`, `y`).
    public mutating func setCell(_ cell: Cell, x: Int, y: Int) {
        guard x >= 0, y >= 0, x < width, y < height else { return }
        clearWide(at: y * width + x)
        cells[y * width + x] = Cell(character: cell.character, style: cell.style, isContinuation: false)
    }

    /// Blanks an area, keeping each cell's style: the cells under a picture of pixels.
    public mutating func blank(_ area: Area) {
        for y in max(0, area.y)..<min(height, area.y + area.height) {
            for x in max(0, area.x)..<min(width, area.x + area.width) {
                clearWide(at: y * width + x)
                cells[y * width + x] = Cell(character: " ", style: cells[y * width + x].style, isContinuation: false)
            }
        }
    }

    /// Changes the style of the cells of an area, keeping their characters.
    public mutating func restyle(_ area: Area, _ change: (inout Style) -> Void) {
        for y in max(0, area.y)..<min(height, area.y + area.height) {
            for x in max(0, area.x)..<min(width, area.x + area.width) {
                change(&cells[y * width + x].style)
            }
        }
    }

    /// The screen as plain text, one line per row, trailing blanks kept: what snapshot tests compare.
    public var text: String {
        (0..<height).map(line).joined(separator: "\n")
    }

    public func line(_ y: Int) -> String {
        var out = ""
        for x in 0..<width where !cells[y * width + x].isContinuation {
            out.append(cells[y * width + x].character)
        }
        return out
    }

    public static func == (a: CellBuffer, b: CellBuffer) -> Bool {
        a.width == b.width && a.height == b.height && a.cells == b.cells && a.cursorPosition == b.cursorPosition && a.pictures == b.pictures
    }
}
