import Foundation
import HandwritingAPI

/// What an export writes: each document's pages as they are now, corrections applied.
public struct ExportDocument: Sendable {
    public var document: DocumentRecord
    public var pages: [ExportPage]
}

public struct ExportPage: Sendable {
    public var number: Int
    /// The size of the image the current run read; derived from the blocks when unknown.
    public var width: Int
    public var height: Int
    public var engine: String?
    public var blocks: [ExportBlock]

    /// The box around all the page's lines; nil for a page with none.
    public var extent: Rect? {
        blocks.map(\.box).reduce(nil) { sum, box in sum.map { $0.union(box) } ?? box }
    }
}

public struct ExportBlock: Sendable {
    public var position: Int
    public var recognised: String
    public var corrected: String?
    public var reviewed: Bool
    public var confidence: Double
    public var polygon: [Point]
    /// The text a person stands behind: corrected, else recognised.
    public var text: String { corrected ?? recognised }

    /// The polygon's bounding box.
    public var box: Rect {
        let xs = polygon.map(\.x), ys = polygon.map(\.y)
        return Rect(x0: xs.min() ?? 0, y0: ys.min() ?? 0, x1: xs.max() ?? 0, y1: ys.max() ?? 0)
    }
}

extension ExportPage {
    /// A page as its current run read it (a page never read has no lines); the size is
    /// the image's where the run knew it, else what the lines reach.
    init(number: Int, run: RunRecord?, blocks: [ExportBlock]) {
        let width = run?.imageWidth ?? max(1, blocks.flatMap { $0.polygon.map(\.x) }.max() ?? 1)
        let height = run?.imageHeight ?? max(1, blocks.flatMap { $0.polygon.map(\.y) }.max() ?? 1)
        self.init(number: number, width: width, height: height, engine: run?.engine, blocks: blocks)
    }
}
