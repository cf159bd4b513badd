import HandwritingAPI

/// The strip above the editor that shows the selected block's handwriting: how tall
/// it is, and which part of the page it shows. The view draws it and `update` pans
/// it with the same numbers.
public struct LineStrip: Equatable, Sendable {
    /// Rows for the strip in a blocks pane whose body is `height` rows: pixels are
    /// legible in three rows; characters need more (a half block is two pixels high).
    public static func rows(for mode: GraphicsMode, bodyHeight height: Int) -> Int {
        mode.drawsPixels ? max(3, min(6, height / 5)) : max(4, min(10, height / 3))
    }

    /// The part of the page the strip shows.
    public var region: Rect
    /// Half-strip steps the strip can pan to the right; 0 when the whole block fits.
    public var lastStep: Int

    /// The block's box with a margin, as large as the strip's height allows (at most
    /// four times its size) but no wider than the strip, unless that would make it too
    /// small to read: in pixels, less than two rows of text high (or its own size, if
    /// smaller); in characters, less than the strip's height. A block
    /// wider than that is shown a window at a time: `step` half-strip widths from its
    /// left end, or, while it is edited, around the part the caret is in (`caret`: 0
    /// at the start, 1 at the end).
    public init(box: Rect, page: (width: Int, height: Int)?, columns: Int, rows: Int, graphics: Graphics, step: Int, caret: Double?) {
        let margin = max(2, box.height / 8)
        var crop = Rect(x0: box.x0 - margin, y0: box.y0 - margin, x1: box.x1 + margin, y1: box.y1 + margin)
        crop = Rect(x0: max(0, crop.x0), y0: max(0, crop.y0), x1: page.map { min($0.width, crop.x1) } ?? crop.x1,
                    y1: page.map { min($0.height, crop.y1) } ?? crop.y1)
        let room = graphics.room(columns: columns, rows: rows)
        let tallest = min(4, Double(room.height) / Double(max(1, crop.height)))
        let wholeLine = Double(room.width) / Double(max(1, crop.width))
        // Characters are coarse pixels: there the line fills the strip's height whatever its length.
        let legible = graphics.mode.drawsPixels ? min(1, Double(2 * graphics.cell.height) / Double(max(1, crop.height))) : tallest
        let scale = min(tallest, max(wholeLine, legible))
        let window = Int((Double(room.width) / scale).rounded())
        guard crop.width > window, window > 0 else {
            // It fits. A small block would be enlarged past four times: more of the page around it shows instead.
            let grow = max(0, Int(Double(room.height) / 4) - crop.height)
            region = Rect(x0: crop.x0, y0: max(0, crop.y0 - grow / 2), x1: crop.x1, y1: crop.y1 + grow - grow / 2)
            lastStep = 0
            return
        }
        let half = max(1, window / 2)
        lastStep = (crop.width - window + half - 1) / half
        let offset: Int
        if let caret {
            offset = Int(caret * Double(crop.width)) - half
        } else {
            offset = step * half
        }
        let x0 = crop.x0 + max(0, min(crop.width - window, offset))
        region = Rect(x0: x0, y0: crop.y0, x1: x0 + window, y1: crop.y1)
    }
}

/// Where the parts of the blocks pane go, below its title row.
public struct BlocksPaneLayout: Equatable, Sendable {
    public var list: Area
    /// The rule over the strip, naming the selected block.
    public var heading: Area
    public var strip: Area
    /// The selected block's text, or the editor on it.
    public var text: Area
    public var details: Area

    /// The blocks pane of a screen this size.
    public init(screenWidth width: Int, height: Int, showsProgress: Bool, mode: GraphicsMode) {
        let pane = Layout(width: width, height: height, showsProgress: showsProgress).blocks
        // The pane's rule is its left column and its title its first row.
        self.init(body: Area(x: pane.x + 1, y: pane.y + 1, width: pane.width - 1, height: pane.height - 1), mode: mode)
    }

    init(body: Area, mode: GraphicsMode) {
        let stripRows = min(LineStrip.rows(for: mode, bodyHeight: body.height), max(0, body.height - 6))
        let (list, lower) = body.splitBottom(stripRows + 3)
        self.list = list
        let (heading, rest) = lower.splitTop(1)
        let (strip, below) = rest.splitTop(stripRows)
        self.heading = heading
        self.strip = strip
        (text, details) = below.splitTop(1)
    }
}

extension Model {
    /// The blocks pane's parts at this screen size.
    var blocksPaneLayout: BlocksPaneLayout {
        BlocksPaneLayout(screenWidth: width, height: height, showsProgress: batch != nil, mode: graphics.mode)
    }

    /// What the strip shows of the selected block now.
    public var lineStrip: LineStrip? {
        guard let block = selected, block.box.width > 0, block.box.height > 0 else { return nil }
        let area = blocksPaneLayout.strip
        guard area.width > 0, area.height > 0 else { return nil }
        let page = currentPage?.thumbnail.map { ($0.sourceWidth, $0.sourceHeight) }
        var caret: Double?
        if case .editing(let session) = mode, session.blockID == block.id {
            caret = Double(session.editor.cursor) / Double(max(1, session.editor.characters.count))
        }
        let step = stripPan.flatMap { $0.blockID == block.id ? $0.step : nil } ?? 0
        return LineStrip(box: block.box, page: page, columns: area.width, rows: area.height, graphics: graphics, step: step, caret: caret)
    }
}
