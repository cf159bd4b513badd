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
    /// contains `query`, case-insensitively: the first `limit` found, shown in document,
    /// page and reading order. Three characters or more use the trigram index; shorter
    /// ones scan the index's text.
    public func search(_ query: String, limit: Int = 200) throws -> [SearchHit] {
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
                let pattern = "%" + query.replacingOccurrences(of: "\\", with: "\\\\")
                    .replacingOccurrences(of: "%", with: "\\%").replacingOccurrences(of: "_", with: "\\_") + "%"
                matches = try Row.fetchAll(db, sql: "SELECT rowid, text FROM search WHERE text LIKE ? ESCAPE '\\' LIMIT ?",
                                           arguments: [pattern, limit])
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
}
