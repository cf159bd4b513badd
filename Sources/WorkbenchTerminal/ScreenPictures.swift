import WorkbenchCore

/// The pictures on screen over the cells curses draws. Character pictures become cells
/// of the frame; pixel pictures are written past curses after it has drawn, into cells
/// the frame keeps blank so that curses never writes over them. A picture is written
/// again only when it changed or the screen was repainted, and a picture that goes away
/// is taken away: kitty's by deleting it, sixel's by having curses rewrite its rows.
final class ScreenPictures {
    /// A pixel picture in a frame: where its slot is, the cells it covers, its bytes.
    struct Placement {
        var slot: Area
        var covers: Area
        var request: PictureRequest
        var bytes: [UInt8]
        var erase: [UInt8]

        func isSame(as other: Placement) -> Bool { slot == other.slot && request == other.request }
    }

    private var shown: [Placement] = []
    /// Slots of the last frame whose picture was not made yet.
    private(set) var pending = 0
    /// The last character picture of each slot, shown until its successor is made.
    private var lastCells: [(slot: Area, kind: PictureRequest.Kind, columns: Int, rows: Int, cells: [Cell])] = []

    /// Puts the frame's pictures in: character pictures as cells, pixel pictures as blank
    /// cells (returned, to write after curses has drawn). A picture not made yet leaves
    /// the view's placeholder, or the picture already in that slot until its successor is made.
    func compose(_ buffer: inout CellBuffer, source: (PictureRequest) -> RenderedPicture?) -> [Placement] {
        var placements: [Placement] = []
        pending = 0
        for slot in buffer.pictures {
            switch source(slot.request) {
            case .cells(let columns, let rows, let cells)?:
                put(cells, columns: columns, rows: rows, in: slot, into: &buffer)
                lastCells.removeAll { $0.slot == slot.area && $0.kind == slot.request.kind }
                lastCells.append((slot.area, slot.request.kind, columns, rows, cells))
            case .escape(let bytes, let erase, let columns, let rows)?:
                let origin = Self.origin(of: slot, columns: columns, rows: rows)
                buffer.blank(slot.area)
                placements.append(Placement(slot: slot.area, covers: Area(x: origin.x, y: origin.y, width: columns, height: min(rows, slot.area.height)),
                                            request: slot.request, bytes: bytes, erase: erase))
            case nil:
                pending += 1
                if let old = shown.first(where: { $0.slot == slot.area && $0.request.kind == slot.request.kind }) {
                    buffer.blank(slot.area)
                    placements.append(old)
                } else if let old = lastCells.first(where: { $0.slot == slot.area && $0.kind == slot.request.kind }) {
                    put(old.cells, columns: old.columns, rows: old.rows, in: slot, into: &buffer)
                }
            }
        }
        return placements
    }

    /// After curses has drawn the frame: takes away what went and writes what is new
    /// (everything after a repaint). Returns the bytes written.
    func show(_ placements: [Placement], repainted: Bool, write: ([UInt8]) -> Void, rewriteRows: (Area) -> Void) -> Int {
        var written = 0
        for old in shown where repainted || !placements.contains(where: { $0.isSame(as: old) }) {
            if !old.erase.isEmpty {
                write(old.erase)
                written += old.erase.count
            } else if !repainted {
                rewriteRows(old.covers)
            }
        }
        for placement in placements where repainted || !shown.contains(where: { $0.isSame(as: placement) }) {
            // Save the cursor, go to the picture's corner, draw, come back.
            let bytes = Array("\u{1B}7\u{1B}[\(placement.covers.y + 1);\(placement.covers.x + 1)H".utf8) + placement.bytes + Array("\u{1B}8".utf8)
            write(bytes)
            written += bytes.count
        }
        shown = placements
        return written
    }

    private func put(_ cells: [Cell], columns: Int, rows: Int, in slot: PictureSlot, into buffer: inout CellBuffer) {
        let origin = Self.origin(of: slot, columns: columns, rows: rows)
        buffer.blank(slot.area)
        for row in 0..<min(rows, slot.area.height) {
            for column in 0..<min(columns, slot.area.width - (origin.x - slot.area.x)) {
                buffer.setCell(cells[row * columns + column], x: origin.x + column, y: origin.y + row)
            }
        }
    }

    /// The page's picture sits at the top of its pane, in the middle; the line's at the
    /// bottom left of the strip, right above the editor.
    private static func origin(of slot: PictureSlot, columns: Int, rows: Int) -> (x: Int, y: Int) {
        switch slot.request.kind {
        case .page: (slot.area.x + max(0, (slot.area.width - columns) / 2), slot.area.y)
        case .line: (slot.area.x, slot.area.y + max(0, slot.area.height - rows))
        }
    }
}
