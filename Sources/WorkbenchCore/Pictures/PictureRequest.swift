import HandwritingAPI

/// A picture the view wants in an area of the screen: a part of a page, scaled to fit
/// the area (the same scale on both axes), outlines drawn on it. The shell renders it
/// off the interface thread; the terminal front puts it on screen.
public struct PictureRequest: Hashable, Sendable {
    public enum Kind: Hashable, Sendable {
        /// The selected block, as large as the strip allows; symbols get their contrast stretched.
        case line
        /// The page or its zoomed part, with every block outlined.
        case page
    }

    public var kind: Kind
    public var documentID: String
    public var path: String
    public var page: Int
    /// The part of the page shown, in page pixels.
    public var region: Rect
    /// Blocks to outline, in page pixels; `selectedOutline` indexes the one drawn strong.
    public var outlines: [[Point]]
    public var selectedOutline: Int?
    public var columns: Int
    public var rows: Int
    public var graphics: Graphics

    public init(kind: Kind, documentID: String, path: String, page: Int, region: Rect, outlines: [[Point]] = [],
                selectedOutline: Int? = nil, columns: Int, rows: Int, graphics: Graphics) {
        self.kind = kind
        self.documentID = documentID
        self.path = path
        self.page = page
        self.region = region
        self.outlines = outlines
        self.selectedOutline = selectedOutline
        self.columns = columns
        self.rows = rows
        self.graphics = graphics
    }

    /// The picture's size in pixels: the region scaled to fit the cells; the character
    /// modes fill whole cells.
    public var pixelSize: PixelSize {
        let room = graphics.room(columns: columns, rows: rows)
        let scale = min(Double(room.width) / Double(max(1, region.width)), Double(room.height) / Double(max(1, region.height)))
        var width = min(room.width, Int((Double(region.width) * scale).rounded()))
        var height = min(room.height, Int((Double(region.height) * scale).rounded()))
        switch graphics.mode {
        case .symbols: height = height / 2 * 2
        case .braille: width = width / 2 * 2; height = height / 4 * 4
        case .kitty, .sixel, .iterm2: break
        }
        return PixelSize(width: width, height: height)
    }
}

/// A picture's place on the screen: the view fills the area with its placeholder.
public struct PictureSlot: Equatable, Sendable {
    public var area: Area
    public var request: PictureRequest

    public init(area: Area, request: PictureRequest) {
        self.area = area
        self.request = request
    }
}

/// A picture made for the screen, `columns` x `rows` cells in size: cells curses
/// draws, or bytes written past curses at the picture's top-left cell, with the bytes
/// that take it away again where writing text over it does not (kitty).
public enum RenderedPicture: Equatable, Sendable {
    case cells(columns: Int, rows: Int, [Cell])
    case escape([UInt8], erase: [UInt8], columns: Int, rows: Int)
}
