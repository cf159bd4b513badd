import HandwritingAPI

/// How the workbench shows the page and the selected line: real pixels where the
/// terminal can draw them (kitty's graphics protocol, sixel, iTerm2's inline images),
/// else coloured half blocks, and braille only where there are not 256 colours.
public enum GraphicsMode: String, CaseIterable, Equatable, Hashable, Sendable {
    case kitty, sixel, iterm2, symbols, braille

    /// Pictures written as escape sequences next to curses, not drawn as cells.
    public var drawsPixels: Bool { self == .kitty || self == .sixel || self == .iterm2 }
}

/// A size in pixels: a character cell's, or the largest picture a terminal takes.
public struct PixelSize: Equatable, Hashable, Sendable {
    public var width: Int
    public var height: Int

    public init(width: Int, height: Int) {
        self.width = max(1, width)
        self.height = max(1, height)
    }

    /// The cell of a terminal that does not say: the most common one.
    public static let assumedCell = PixelSize(width: 10, height: 20)
}

/// What the terminal can show, as the workbench was told or found out.
public struct Graphics: Hashable, Sendable {
    public var mode: GraphicsMode
    public var cell: PixelSize
    /// The largest picture the terminal takes (xterm's sixel limit), if it said.
    public var maxPixels: PixelSize?

    public init(mode: GraphicsMode, cell: PixelSize = .assumedCell, maxPixels: PixelSize? = nil) {
        self.mode = mode
        self.cell = cell
        self.maxPixels = maxPixels
    }

    /// The largest picture to send: what the terminal said, else xterm's default for
    /// sixel (1000 x 1000), else what any screen holds.
    public var limit: PixelSize {
        maxPixels ?? (mode == .sixel ? PixelSize(width: 1000, height: 1000) : PixelSize(width: 4096, height: 4096))
    }

    /// The pixels `columns` x `rows` cells hold: a half block is one pixel by two, a
    /// braille cell two dots by four.
    public func room(columns: Int, rows: Int) -> PixelSize {
        switch mode {
        case .symbols: PixelSize(width: columns, height: rows * 2)
        case .braille: PixelSize(width: columns * 2, height: rows * 4)
        case .kitty, .sixel, .iterm2:
            PixelSize(width: min(limit.width, columns * cell.width), height: min(limit.height, rows * cell.height))
        }
    }
}

/// The strip's pan along one block (other blocks start at their left end).
public struct StripPan: Equatable, Sendable {
    public var blockID: Int64
    public var step: Int

    public init(blockID: Int64, step: Int) {
        self.blockID = blockID
        self.step = step
    }
}
