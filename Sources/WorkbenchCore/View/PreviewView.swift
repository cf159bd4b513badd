import HandwritingAPI

/// The page as a picture (pixels, or coloured half blocks) with every block's polygon
/// drawn on it and the selected one in a strong colour; `z` zooms to the selected
/// block. Where braille is all the terminal has, the page is drawn here in braille:
/// each cell is 2x4 dots, ink from the thumbnail, boxes on top.
struct PreviewView {
    let model: Model

    func draw(in area: Area, into buffer: inout CellBuffer) {
        let theme = model.theme
        let focused = model.focus == .preview
        let inner = drawRule(in: area, focused: focused, theme: theme, into: &buffer)
        drawTitle(model.zoomed ? "Page · zoomed" : "Page", focused: focused, theme: theme, in: inner, into: &buffer)
        let canvas = inner.splitTop(1).rest
        guard canvas.width > 0, canvas.height > 0, let page = model.currentPage else { return }
        guard let size = pageSize(page) else {
            buffer.put(" no preview", x: canvas.x, y: canvas.y, style: theme.muted)
            return
        }
        let region = visibleRegion(page: size)
        if model.graphics.mode != .braille, let job = model.job(for: page.ref) {
            // The picture covers the canvas; until the first one is made, a word says it is coming.
            buffer.put(" drawing the page…", x: canvas.x, y: canvas.y, style: theme.muted, maxWidth: canvas.width)
            buffer.pictures.append(PictureSlot(area: canvas, request: PictureRequest(
                kind: .page, documentID: job.documentID, path: job.path, page: job.ref.page, region: region,
                outlines: page.blocks.map(\.polygon), selectedOutline: page.blocks.indices.contains(model.selectedBlock) ? model.selectedBlock : nil,
                columns: canvas.width, rows: canvas.height, graphics: model.graphics)))
            return
        }
        var dots = DotCanvas(columns: canvas.width, rows: canvas.height)
        let mapping = DotMapping(region: region, dotsWide: dots.dotsWide, dotsHigh: dots.dotsHigh)
        if let thumbnail = page.thumbnail { dots.drawInk(thumbnail, mapping: mapping) }
        for (index, block) in page.blocks.enumerated() where index != model.selectedBlock {
            dots.outline(mapping.dots(of: block.box), layer: .outline)
        }
        if let block = model.selected { dots.outline(mapping.dots(of: block.box), layer: .selected) }
        dots.render(at: canvas, theme: theme, into: &buffer)
    }

    private func pageSize(_ page: LoadedPage) -> (width: Int, height: Int)? {
        if let thumbnail = page.thumbnail { return (thumbnail.sourceWidth, thumbnail.sourceHeight) }
        let extent = page.blocks.map(\.box).reduce(nil as Rect?) { partial, box in partial.map { $0.union(box) } ?? box }
        return extent.map { ($0.x1, $0.y1) }
    }

    /// The part of the page shown: all of it, or the selected block with a margin.
    private func visibleRegion(page: (width: Int, height: Int)) -> Rect {
        let whole = Rect(x0: 0, y0: 0, x1: max(1, page.width), y1: max(1, page.height))
        guard model.zoomed, let box = model.selected?.box, box.width > 0, box.height > 0 else { return whole }
        let margin = max(box.height, box.width / 8)
        return Rect(x0: max(0, box.x0 - margin), y0: max(0, box.y0 - margin),
                    x1: min(whole.x1, box.x1 + margin), y1: min(whole.y1, box.y1 + margin))
    }
}

/// Page pixels to dots: one scale for both axes (dots are about square), centred.
struct DotMapping {
    let region: Rect
    let scale: Double
    let offsetX: Double
    let offsetY: Double

    init(region: Rect, dotsWide: Int, dotsHigh: Int) {
        self.region = region
        scale = min(Double(dotsWide) / Double(max(1, region.width)), Double(dotsHigh) / Double(max(1, region.height)))
        offsetX = (Double(dotsWide) - Double(region.width) * scale) / 2
        offsetY = (Double(dotsHigh) - Double(region.height) * scale) / 2
    }

    func dot(x: Int, y: Int) -> (x: Int, y: Int) {
        (Int((Double(x - region.x0) * scale + offsetX).rounded(.down)), Int((Double(y - region.y0) * scale + offsetY).rounded(.down)))
    }

    func dots(of box: Rect) -> (x0: Int, y0: Int, x1: Int, y1: Int) {
        let a = dot(x: box.x0, y: box.y0), b = dot(x: box.x1, y: box.y1)
        return (a.x, a.y, max(a.x, b.x - 1), max(a.y, b.y - 1))
    }

    /// The page pixel under the centre of a dot.
    func pixel(dotX: Int, dotY: Int) -> (x: Double, y: Double) {
        ((Double(dotX) + 0.5 - offsetX) / scale + Double(region.x0), (Double(dotY) + 0.5 - offsetY) / scale + Double(region.y0))
    }
}

/// Three layers of braille dots over a grid of cells.
struct DotCanvas {
    enum Layer { case ink, outline, selected }
    let columns: Int
    let rows: Int
    var ink: [UInt8]
    var outline: [UInt8]
    var selected: [UInt8]

    init(columns: Int, rows: Int) {
        self.columns = columns
        self.rows = rows
        ink = Array(repeating: 0, count: columns * rows)
        outline = ink
        selected = ink
    }

    var dotsWide: Int { columns * 2 }
    var dotsHigh: Int { rows * 4 }

    /// Braille's bit for the dot at column `dx` (0-1) and row `dy` (0-3) of a cell.
    private static let bits: [[UInt8]] = [[0x01, 0x02, 0x04, 0x40], [0x08, 0x10, 0x20, 0x80]]

    mutating func set(_ x: Int, _ y: Int, layer: Layer) {
        guard x >= 0, y >= 0, x < dotsWide, y < dotsHigh else { return }
        let cell = (y / 4) * columns + x / 2
        let bit = Self.bits[x % 2][y % 4]
        switch layer {
        case .ink: ink[cell] |= bit
        case .outline: outline[cell] |= bit
        case .selected: selected[cell] |= bit
        }
    }

    /// A dot is ink when most of the thumbnail pixels it covers are dark.
    mutating func drawInk(_ thumbnail: Thumbnail, mapping: DotMapping) {
        let toThumbX = Double(thumbnail.width) / Double(max(1, thumbnail.sourceWidth))
        let toThumbY = Double(thumbnail.height) / Double(max(1, thumbnail.sourceHeight))
        let spread = 0.25 / mapping.scale  // a quarter of a dot, in page pixels
        for y in 0..<dotsHigh {
            for x in 0..<dotsWide {
                let centre = mapping.pixel(dotX: x, dotY: y)
                var dark = 0
                for (sx, sy) in [(-spread, -spread), (spread, -spread), (-spread, spread), (spread, spread)] {
                    let tx = Int((centre.x + sx) * toThumbX), ty = Int((centre.y + sy) * toThumbY)
                    guard tx >= 0, ty >= 0, tx < thumbnail.width, ty < thumbnail.height else { continue }
                    if thumbnail.pixels[ty * thumbnail.width + tx] < thumbnail.inkBelow { dark += 1 }
                }
                if dark >= 2 { set(x, y, layer: .ink) }
            }
        }
    }

    mutating func outline(_ box: (x0: Int, y0: Int, x1: Int, y1: Int), layer: Layer) {
        guard box.x1 >= 0, box.y1 >= 0, box.x0 < dotsWide, box.y0 < dotsHigh else { return }
        for x in max(0, box.x0)...min(dotsWide - 1, max(box.x0, box.x1)) {
            set(x, box.y0, layer: layer)
            set(x, box.y1, layer: layer)
        }
        for y in max(0, box.y0)...min(dotsHigh - 1, max(box.y0, box.y1)) {
            set(box.x0, y, layer: layer)
            set(box.x1, y, layer: layer)
        }
    }

    func render(at area: Area, theme: Theme, into buffer: inout CellBuffer) {
        for row in 0..<rows {
            for column in 0..<columns {
                let cell = row * columns + column
                let bits = ink[cell] | outline[cell] | selected[cell]
                guard bits != 0 else { continue }
                let style = selected[cell] != 0 ? theme.previewSelected : outline[cell] != 0 ? theme.previewOutline : theme.previewInk
                let character = Character(Unicode.Scalar(0x2800 + UInt32(bits))!)
                buffer.put(String(character), x: area.x + column, y: area.y + row, style: style)
            }
        }
    }
}
