import Foundation
import GRDB

extension TranscriptStore {
    /// A page's current reading counted up: what the workbench's file list shows.
    public struct PageCounts: Equatable, Sendable {
        public var blocks: Int
        public var confidenceSum: Double
        public var belowThreshold: Int
        /// Below the threshold and not yet reviewed.
        public var needingReview: Int
    }

    /// Counts for every page that has a current reading, by document id and page number,
    /// in one pass over the current blocks.
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

    /// Pages whose latest recognition failed, with its error.
    public func latestFailures() throws -> [RunRecord] {
        try pool.read { db in
            try RunRecord.fetchAll(db, sql: """
                SELECT * FROM run WHERE succeeded = 0
                AND id IN (SELECT max(id) FROM run GROUP BY documentId, pageNumber)
                """)
        }
    }

    /// The document and page a block belongs to.
    public func location(ofBlock blockID: Int64) throws -> (documentID: String, page: Int)? {
        try pool.read { db in
            try Row.fetchOne(db, sql: "SELECT run.documentId, run.pageNumber FROM block JOIN run ON run.id = block.runId WHERE block.id = ?",
                             arguments: [blockID]).map { ($0[0], $0[1]) }
        }
    }
}
