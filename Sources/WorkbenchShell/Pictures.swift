import Foundation
import HandwritingAPI
import Leptonica
import Synchronization
import TerminalPictures
import Transcription
import WorkbenchCore

/// Makes the pictures the screen asks for, one at a time on a queue of its own, and
/// keeps the recent ones: the interface asks every frame and never waits; a picture
/// not made yet is started, and a message says when it is there. Only the newest
/// request of each kind waits its turn, so scrolling past fifty blocks makes one strip.
public final class Pictures: Sendable {
    private let images: PageSource
    private let post: @Sendable (Message) -> Void
    private let queue = DispatchQueue(label: "quire.workbench.pictures", qos: .userInitiated)
    private let state = Mutex(State())
    /// Decoded pages, used only on `queue`.
    private let pages = DecodedPages()

    private struct State {
        /// Made pictures, newest first; nil where the page could not be read.
        var made: [(request: PictureRequest, picture: RenderedPicture?)] = []
        var waiting: [PictureRequest] = []
        /// The one being made now: asked for again meanwhile, it is not made twice.
        var making: PictureRequest?
        var running = false
    }

    init(images: PageSource, post: @escaping @Sendable (Message) -> Void) {
        self.images = images
        self.post = post
    }

    /// The picture if it is made; otherwise nil, and it is made soon.
    public func picture(for request: PictureRequest) -> RenderedPicture? {
        let (known, start) = state.withLock { state -> (RenderedPicture??, Bool) in
            if let made = state.made.first(where: { $0.request == request }) { return (.some(made.picture), false) }
            if state.making == request { return (nil, false) }
            state.waiting.removeAll { $0.kind == request.kind }
            state.waiting.append(request)
            defer { state.running = true }
            return (nil, !state.running)
        }
        if let known { return known }
        if start { queue.async { self.drain() } }
        return nil
    }

    private func drain() {
        while let request = state.withLock({ state -> PictureRequest? in
            guard !state.waiting.isEmpty else {
                state.running = false
                return nil
            }
            state.making = state.waiting.removeFirst()
            return state.making
        }) {
            let picture = render(request)
            state.withLock { state in
                state.making = nil
                state.made.insert((request, picture), at: 0)
                if state.made.count > 24 { state.made.removeLast() }
            }
            post(.pictureReady)
        }
    }

    /// One picture: the region cut from the page, scaled, outlined, encoded for the terminal.
    func render(_ asked: PictureRequest) -> RenderedPicture? {
        guard let page = pages.page(asked.page, of: asked.path, documentID: asked.documentID, images: images) else { return nil }
        // Only what is on the page: a region past its edge makes a smaller picture, not a stretched one.
        var request = asked
        request.region = Rect(x0: max(0, asked.region.x0), y0: max(0, asked.region.y0),
                              x1: min(page.width, asked.region.x1), y1: min(page.height, asked.region.y1))
        let region = request.region, size = request.pixelSize
        guard region.width > 0, region.height > 0, size.width > 0, size.height > 0 else { return nil }
        // The same part at the same size again (the selection moved, the page did not): only the outlines change.
        let key = "\(asked.documentID)/\(asked.page)/\(region)/\(size.width)x\(size.height)"
        var raster: Raster
        if let known = pages.scaled(key) {
            raster = known
        } else {
            let whole = region.x0 == 0 && region.y0 == 0 && region.width == page.width && region.height == page.height
            guard let part = whole ? page : page.cropped(x: region.x0, y: region.y0, width: region.width, height: region.height),
                  let rgb = part.rgbPixels(scaleX: Double(size.width) / Double(region.width),
                                           scaleY: Double(size.height) / Double(region.height), sharpened: false)
            else { return nil }
            raster = Raster(width: rgb.width, height: rgb.height, pixels: rgb.pixels).fitted(width: size.width, height: size.height)
            pages.keep(raster, as: key)
        }
        if request.graphics.mode == .sixel {
            // Sixel draws bands of six pixels: paper fills the last band where the strip has room, else it is cut.
            let room = request.graphics.room(columns: request.columns, rows: request.rows).height
            let bands = (size.height + 5) / 6 * 6
            raster = raster.fitted(width: size.width, height: bands <= room ? bands : size.height / 6 * 6)
        }
        let mode = request.graphics.mode
        if request.kind == .line, !mode.drawsPixels { raster.stretchContrast() }
        drawOutlines(request, region: region, into: &raster)
        // Pixels cover whole cells, the last row and column partly.
        let cell = request.graphics.cell
        let columns = (raster.width + cell.width - 1) / cell.width, rows = (raster.height + cell.height - 1) / cell.height
        var png: Data? { Image(rgb: raster.pixels, width: raster.width, height: raster.height)?.pngData(fast: true) }
        switch mode {
        case .sixel:
            return .escape(Sixel.encode(raster), erase: [], columns: columns, rows: rows)
        case .kitty:
            let id = request.kind == .page ? 1 : 2
            guard let png else { return nil }
            return .escape(KittyImage.encode(png: png, id: id), erase: KittyImage.delete(id: id), columns: columns, rows: rows)
        case .iterm2:
            guard let png else { return nil }
            return .escape(ITermImage.encode(png: png, width: raster.width, height: raster.height), erase: [], columns: columns, rows: rows)
        case .symbols:
            return .cells(columns: raster.width, rows: raster.height / 2, CharacterPictures.halfBlocks(raster))
        case .braille:
            return .cells(columns: raster.width / 2, rows: raster.height / 4, CharacterPictures.braille(raster, ink: .plain))
        }
    }

    /// Every block's polygon, the selected one last and stronger, in the picture's pixels.
    private func drawOutlines(_ request: PictureRequest, region: Rect, into raster: inout Raster) {
        guard !request.outlines.isEmpty else { return }
        let scale = Double(raster.width) / Double(region.width)
        let thin = request.graphics.mode.drawsPixels ? max(1, raster.width / 400) : 1
        func points(_ polygon: [Point]) -> [(x: Double, y: Double)] {
            polygon.map { (Double($0.x - region.x0) * scale, Double($0.y - region.y0) * scale) }
        }
        // Blocks drawn a few pixels high would be all outline: then only the selected one is.
        let heights = request.outlines.map { polygon in Double((polygon.map(\.y).max() ?? 0) - (polygon.map(\.y).min() ?? 0)) * scale }
        let roomy = heights.reduce(0, +) / Double(max(1, heights.count)) >= 6
        for (index, polygon) in request.outlines.enumerated() where index != request.selectedOutline && roomy {
            raster.outline(points(polygon), colour: Self.outline, thickness: thin)
        }
        if let selected = request.selectedOutline, request.outlines.indices.contains(selected) {
            raster.outline(points(request.outlines[selected]), colour: Self.selected, thickness: request.graphics.mode.drawsPixels ? thin + 1 : 1)
        }
    }

    static let outline = RGB(40, 110, 230)
    static let selected = RGB(235, 30, 30)
}

/// The last few pages decoded, for cutting pictures from, and the last parts scaled.
private final class DecodedPages: @unchecked Sendable {
    private var recent: [(key: String, image: Image)] = []
    private var parts: [(key: String, raster: Raster)] = []

    func scaled(_ key: String) -> Raster? { parts.first { $0.key == key }?.raster }

    func keep(_ raster: Raster, as key: String) {
        parts.insert((key, raster), at: 0)
        if parts.count > 4 { parts.removeLast() }
    }

    func page(_ number: Int, of path: String, documentID: String, images: PageSource) -> Image? {
        let key = "\(documentID)/\(number)"
        if let known = recent.first(where: { $0.key == key }) { return known.image }
        guard case .success(let data) = images.page(number, of: path, document: documentID), let image = Image(decoding: data) else { return nil }
        recent.insert((key, image), at: 0)
        if recent.count > 3 { recent.removeLast() }
        return image
    }
}
