import Foundation
import GRDB
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

extension TranscriptStore {
    /// The documents (all, or those named by id), each page with its current reading.
    public func exportDocuments(ids: [String]? = nil) throws -> [ExportDocument] {
        try pool.read { db in
            var request = DocumentRecord.order(Column("name"), Column("id"))
            if let ids { request = request.filter(ids.contains(Column("id"))) }
            return try request.fetchAll(db).map { document in
                let pages = try PageRecord.filter(Column("documentId") == document.id).order(Column("number")).fetchAll(db)
                return ExportDocument(document: document, pages: try pages.map { page in try Self.exportPage(page, db) })
            }
        }
    }

    /// `[[x,y],…]` as the store writes it, read without a JSON decoder (one per block adds up).
    static func points(_ json: String) -> [Point] {
        let numbers = json.split { !($0.isNumber || $0 == "-") }.compactMap { Int($0) }
        return stride(from: 0, to: numbers.count - 1, by: 2).map { Point(x: numbers[$0], y: numbers[$0 + 1]) }
    }

    private static func exportPage(_ page: PageRecord, _ db: Database) throws -> ExportPage {
        guard let runID = page.currentRunId, let run = try RunRecord.fetchOne(db, key: runID) else {
            return ExportPage(number: page.number, width: 1, height: 1, engine: nil, blocks: [])
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT block.position, block.text, block.confidence, block.polygon, correction.text AS corrected,
                   coalesce(correction.reviewed, 0) AS reviewed
            FROM block LEFT JOIN correction ON correction.blockId = block.id
            WHERE block.runId = ? ORDER BY block.position
            """, arguments: [runID])
        let blocks = rows.map { row in
            ExportBlock(position: row["position"], recognised: row["text"], corrected: row["corrected"], reviewed: row["reviewed"],
                        confidence: row["confidence"],
                        polygon: Self.points(row["polygon"]))
        }
        let width = run.imageWidth ?? max(1, blocks.flatMap { $0.polygon.map(\.x) }.max() ?? 1)
        let height = run.imageHeight ?? max(1, blocks.flatMap { $0.polygon.map(\.y) }.max() ?? 1)
        return ExportPage(number: page.number, width: width, height: height, engine: run.engine, blocks: blocks)
    }
}
