import Foundation
import GRDB

extension TranscriptStore {
    /// A block whose current text holds the query.
    public struct SearchHit: Equatable, Sendable {
        public var documentId: String
        public var documentName: String
        public var page: Int
        public var position: Int
        public var blockId: Int64
        public var text: String
        public var corrected: Bool
    }

    /// Blocks of the pages' current readings whose text (corrected, else recognised)
    /// contains `query`, case-insensitively, in document, page and reading order. Three
    /// characters or more use the trigram index; shorter ones scan.
    public func search(_ query: String, limit: Int = 200) throws -> [SearchHit] {
        // LIKE with a backslash as the escape: the query's own backslash, % and _ match themselves.
        let pattern = "%" + query.replacingOccurrences(of: "\\", with: "\\\\")
            .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
        return try pool.read { db in
            try Row.fetchAll(db, sql: """
                SELECT document.id AS documentId, document.name AS name, run.pageNumber AS page, block.position AS position,
                       block.id AS blockId, search.text AS text, correction.text IS NOT NULL AS corrected
                FROM search
                JOIN block ON block.id = search.blockId
                JOIN run ON run.id = block.runId
                JOIN page ON page.documentId = run.documentId AND page.number = run.pageNumber AND page.currentRunId = run.id
                JOIN document ON document.id = run.documentId
                LEFT JOIN correction ON correction.blockId = block.id
                WHERE search.text LIKE ? ESCAPE '\\'
                ORDER BY document.name, document.id, run.pageNumber, block.position
                LIMIT ?
                """, arguments: [pattern, limit]).map { row in
                SearchHit(documentId: row["documentId"], documentName: row["name"], page: row["page"], position: row["position"],
                          blockId: row["blockId"], text: row["text"], corrected: row["corrected"])
            }
        }
    }
}
