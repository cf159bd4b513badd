import Foundation
import GRDB

/// What the SQLite store reads across documents: search, accuracy, counts, exports.
extension SQLiteStore {
    /// Three characters or more use the trigram index; shorter ones scan the index's text.
    public func search(_ query: String, limit: Int) throws -> [SearchHit] {
        return try pool.read { db in
            // The index holds current readings only, so the limit applies before any join.
            let matches: [Row]
            if query.unicodeScalars.count >= 3 {
                // A phrase of trigrams is a substring match, and uses the index. (LIKE with an
                // ESCAPE clause would not: it scans every row.)
                let phrase = "\"" + query.replacingOccurrences(of: "\"", with: "\"\"") + "\""
                matches = try Row.fetchAll(db, sql: "SELECT rowid, text FROM search WHERE search MATCH ? LIMIT ?", arguments: [phrase, limit])
            } else {
                // Too short for a trigram: a scan, with the query's own %, _ and \ taken literally.
                matches = try Row.fetchAll(db, sql: "SELECT rowid, text FROM search WHERE text LIKE ? ESCAPE '\\' LIMIT ?",
                                           arguments: [Self.likePattern(query), limit])
            }
            guard !matches.isEmpty else { return [] }
            let texts = Dictionary(uniqueKeysWithValues: matches.map { ($0["rowid"] as Int64, $0["text"] as String) })
            let ids = texts.keys.map(String.init).joined(separator: ",")  // integers from the database itself
            return try Row.fetchAll(db, sql: """
                SELECT block.id AS blockId, document.id AS documentId, document.name AS name, run.pageNumber AS page,
                       block.position AS position, correction.text IS NOT NULL AS corrected
                FROM block JOIN run ON run.id = block.runId JOIN document ON document.id = run.documentId
                LEFT JOIN correction ON correction.blockId = block.id
                WHERE block.id IN (\(ids))
                ORDER BY document.name, document.id, run.pageNumber, block.position
                """).map { row in
                SearchHit(documentId: row["documentId"], documentName: row["name"], page: row["page"], position: row["position"],
                          blockId: row["blockId"], text: texts[row["blockId"]] ?? "", corrected: row["corrected"])
            }
        }
    }

    public func accuracy() throws -> AccuracyReport {
        let checked = try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT block.text AS recognised, coalesce(correction.text, block.text) AS reference, block.confidence AS confidence,
                       run.engine AS engine, run.pageNumber AS page, document.name AS name
                FROM correction
                JOIN block ON block.id = correction.blockId
                JOIN run ON run.id = block.runId
                JOIN document ON document.id = run.documentId
                """).map { row in
                AccuracyReport.CheckedBlock(recognised: row["recognised"], reference: row["reference"], confidence: row["confidence"],
                                            engine: row["engine"], documentName: row["name"], page: row["page"])
            }
        }
        return AccuracyReport(checked)
    }

    /// In one pass over the current blocks.
    public func pageCounts(threshold: Double) throws -> [String: [Int: PageCounts]] {
        try pool.read { db in
            let rows = try Row.fetchCursor(db, sql: """
                SELECT page.documentId AS document, page.number AS number, count(block.id) AS blocks,
                       coalesce(sum(block.confidence), 0) AS confidenceSum,
                       coalesce(sum(block.confidence < ?), 0) AS below,
                       coalesce(sum(block.confidence < ? AND coalesce(correction.reviewed, 0) = 0), 0) AS needing
                FROM page
                LEFT JOIN block ON block.runId = page.currentRunId
                LEFT JOIN correction ON correction.blockId = block.id
                WHERE page.currentRunId IS NOT NULL
                GROUP BY page.documentId, page.number
                """, arguments: [threshold, threshold])
            var counts: [String: [Int: PageCounts]] = [:]
            while let row = try rows.next() {
                counts[row["document"], default: [:]][row["number"]] = PageCounts(
                    blocks: row["blocks"], confidenceSum: row["confidenceSum"], belowThreshold: row["below"], needingReview: row["needing"])
            }
            return counts
        }
    }

    public func latestFailures() throws -> [RunRecord] {
        try pool.read { db in
            try RunRecord.fetchAll(db, sql: """
                SELECT * FROM run WHERE succeeded = 0
                AND id IN (SELECT max(id) FROM run GROUP BY documentId, pageNumber)
                """)
        }
    }

    public func location(ofBlock blockID: Int64) throws -> (documentID: String, page: Int)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT run.documentId, run.pageNumber FROM block JOIN run ON run.id = block.runId WHERE block.id = ?",
                             arguments: [blockID]).map { ($0[0], $0[1]) }
        }
    }

    public func exportDocuments(ids: [String]?) throws -> [ExportDocument] {
        try pool.read { db in
            var request = DocumentRecord.order(Column("name"), Column("id"))
            if let ids { request = request.filter(ids.contains(Column("id"))) }
            return try request.fetchAll(db).map { document in
                let pages = try PageRecord.filter(Column("documentId") == document.id).order(Column("number")).fetchAll(db)
                return ExportDocument(document: document, pages: try pages.map { page in try Self.exportPage(page, db) })
            }
        }
    }

    private static func exportPage(_ page: PageRecord, _ db: Database) throws -> ExportPage {
        guard let runID = page.currentRunId, let run = try RunRecord.fetchOne(db, key: runID) else {
            return ExportPage(number: page.number, run: nil, blocks: [])
        }
        let rows = try Row.fetchAll(db, sql: """
            SELECT block.position, block.text, block.confidence, block.polygon, correction.text AS corrected,
                   coalesce(correction.reviewed, 0) AS reviewed
            FROM block LEFT JOIN correction ON correction.blockId = block.id
            WHERE block.runId = ? ORDER BY block.position
            """, arguments: [runID])
        return ExportPage(number: page.number, run: run, blocks: rows.map { row in
            ExportBlock(position: row["position"], recognised: row["text"], corrected: row["corrected"], reviewed: row["reviewed"],
                        confidence: row["confidence"], polygon: BlockRecord.points(row["polygon"]))
        })
    }
}
