import Foundation
import HandwritingAPI
import PostgresNIO

/// The queue as rows of `queue`: `FOR UPDATE SKIP LOCKED` hands each waiting page to one
/// worker, and leases are reckoned by the server's clock, whatever the workers' say.
extension PostgresStore: WorkQueue {
    @discardableResult
    public func enqueue(documents: [String]?, at time: Date) throws -> Int {
        try session.transaction { statements in
            let pages = documents == nil ? "WHERE current_run_id IS NULL" : "WHERE document_id = ANY($2)"
            return try statements.rows(Self.query("""
                INSERT INTO queue (document_id, page, state, queued_at) SELECT document_id, number, 'queued', $1 FROM page \(pages)
                ON CONFLICT (document_id, page) DO UPDATE SET state = 'queued', attempts = 0, leased_by = NULL, lease_until = NULL,
                    error_code = NULL, error_message = NULL, queued_at = EXCLUDED.queued_at, finished_at = NULL
                WHERE queue.state IN ('done', 'failed')
                RETURNING 1
                """, time, documents)).count
        }
    }

    @discardableResult
    public func enqueue(pages: [(documentID: String, page: Int)], at time: Date) throws -> Int {
        try session.transaction { statements in
            try statements.rows("""
                INSERT INTO queue (document_id, page, state, queued_at)
                SELECT document, page, 'queued', \(time) FROM unnest(\(pages.map(\.documentID))::text[], \(pages.map(\.page))::bigint[])
                    AS asked (document, page)
                WHERE EXISTS (SELECT 1 FROM page WHERE page.document_id = asked.document AND page.number = asked.page)
                ON CONFLICT (document_id, page) DO UPDATE SET state = 'queued', attempts = 0, leased_by = NULL, lease_until = NULL,
                    error_code = NULL, error_message = NULL, queued_at = EXCLUDED.queued_at, finished_at = NULL
                WHERE queue.state IN ('done', 'failed')
                RETURNING 1
                """).count
        }
    }

    @discardableResult
    public func withdraw(pages: [(documentID: String, page: Int)]) throws -> Int {
        try session.transaction { statements in
            try statements.rows("""
                DELETE FROM queue USING unnest(\(pages.map(\.documentID))::text[], \(pages.map(\.page))::bigint[]) AS asked (document, page)
                WHERE queue.document_id = asked.document AND queue.page = asked.page AND queue.state = 'queued'
                RETURNING 1
                """).count
        }
    }

    public func waiting(among pages: [(documentID: String, page: Int)]) throws -> [(documentID: String, page: Int)] {
        try session.transaction(readOnly: true) { statements in
            try statements.rows("""
                SELECT queue.document_id, queue.page FROM queue
                JOIN unnest(\(pages.map(\.documentID))::text[], \(pages.map(\.page))::bigint[]) AS asked (document, page)
                    ON queue.document_id = asked.document AND queue.page = asked.page
                WHERE queue.state IN ('queued', 'leased')
                """).map { row in
                let (document, page) = try row.decode((String, Int).self)
                return (document, page)
            }
        }
    }

    public func queueCounts() throws -> QueueCounts {
        try session.transaction(readOnly: true) { statements in
            var counts = QueueCounts()
            for row in try statements.rows("SELECT state, count(*) FROM queue GROUP BY state") {
                let (state, count) = try row.decode((String, Int).self)
                switch state {
                case "queued": counts.queued = count
                case "leased": counts.leased = count
                case "done": counts.done = count
                default: counts.failed = count
                }
            }
            return counts
        }
    }

    public func lease(worker: String, for duration: TimeInterval) throws -> LeasedPage? {
        try session.transaction { statements in
            try statements.rows("""
                UPDATE queue SET state = 'leased', leased_by = \(worker), lease_until = now() + make_interval(secs => \(duration)),
                    attempts = attempts + 1
                WHERE (document_id, page) = (
                    SELECT document_id, page FROM queue
                    WHERE state = 'queued' OR (state = 'leased' AND lease_until < now())
                    ORDER BY queued_at, document_id, page LIMIT 1 FOR UPDATE SKIP LOCKED)
                RETURNING document_id, page, attempts
                """).first.map { row in
                let (document, page, attempts) = try row.decode((String, Int, Int).self)
                return LeasedPage(documentID: document, page: page, attempts: attempts, worker: worker)
            }
        }
    }

    public func renew(_ page: LeasedPage, for duration: TimeInterval) throws -> Bool {
        try session.transaction { statements in
            try !statements.rows("""
                UPDATE queue SET lease_until = now() + make_interval(secs => \(duration))
                WHERE document_id = \(page.documentID) AND page = \(page.page) AND state = 'leased' AND leased_by = \(page.worker)
                RETURNING 1
                """).isEmpty
        }
    }

    public func finish(_ page: LeasedPage, run: RunInput) throws {
        try session.transaction { statements in
            let recorded = try insert(run, statements)
            try statements.execute("""
                UPDATE queue SET state = \(recorded.succeeded ? "done" : "failed"), error_code = \(recorded.errorCode),
                    error_message = \(recorded.errorMessage), leased_by = NULL, lease_until = NULL, finished_at = now()
                WHERE document_id = \(page.documentID) AND page = \(page.page)
                """)
        }
    }

    public func giveBack(_ page: LeasedPage, error: ServiceError) throws {
        try session.transaction { statements in
            try statements.execute("""
                UPDATE queue SET state = 'queued', error_code = \(error.code), error_message = \(error.message), leased_by = NULL,
                    lease_until = NULL
                WHERE document_id = \(page.documentID) AND page = \(page.page) AND state = 'leased' AND leased_by = \(page.worker)
                """)
        }
    }
}
