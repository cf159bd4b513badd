import Foundation
import HandwritingAPI
import PostgresNIO

/// A store a team shares: one PostgreSQL database, as `postgres://` URLs name it. The
/// same tables and the same answers as the SQLite store; edits of one block by several
/// people at once take turns on the block's row, and each is kept in the history.
public final class PostgresStore: TranscriptStore {
    public let address: PostgresAddress
    let session: PostgresSession
    /// Marks this store object's announcements, so that it is not told of its own changes.
    let token = String(UUID().uuidString.prefix(8))

    public var location: StoreLocation { .postgres(address) }

    /// Connects, and makes or brings up to date the store's tables unless `access` is
    /// `.readOnly`; a database of another program is refused untouched.
    public init(address: PostgresAddress, access: StoreAccess = .readWrite) throws(StoreError) {
        self.address = address
        session = PostgresSession(address: address)
        try PostgresSchema.prepare(session, readOnly: access == .readOnly)
    }

    public func watch(_ changed: @escaping @Sendable (StoreChange) -> Void) -> (any StoreWatch)? {
        PostgresWatch(session: session, token: token, changed: changed)
    }

    // MARK: Documents

    private static let documentColumns = "id, name, path, byte_count, page_count, added_at, last_seen_at, file_modified_at"

    private static func document(_ row: PostgresRow) throws -> DocumentRecord {
        let (id, name, path, byteCount, pageCount, addedAt, lastSeenAt, stamp) =
            try row.decode((String, String, String, Int, Int, Date, Date, Double?).self)
        return DocumentRecord(id: id, name: name, path: path, byteCount: byteCount, pageCount: pageCount, addedAt: addedAt,
                              lastSeenAt: lastSeenAt, fileModifiedAt: stamp)
    }

    @discardableResult
    public func addDocuments(_ documents: [NewDocument], at time: Date) throws -> [DocumentRecord] {
        try session.transaction { statements in
            try documents.map { new in
                // Two people adding one file at once: the second finds the first's row.
                try statements.execute("""
                    INSERT INTO document (id, name, path, byte_count, page_count, added_at, last_seen_at, file_modified_at)
                    VALUES (\(new.id), \(new.name), \(new.path), \(new.byteCount), \(new.pageCount), \(time), \(time), \(new.fileModifiedAt))
                    ON CONFLICT (id) DO UPDATE SET
                        name = EXCLUDED.name, path = EXCLUDED.path,
                        file_modified_at = coalesce(EXCLUDED.file_modified_at, document.file_modified_at),
                        last_seen_at = EXCLUDED.last_seen_at
                    WHERE document.name <> EXCLUDED.name OR document.path <> EXCLUDED.path
                       OR document.file_modified_at IS DISTINCT FROM coalesce(EXCLUDED.file_modified_at, document.file_modified_at)
                    """)
                try statements.execute("""
                    INSERT INTO page (document_id, number) SELECT \(new.id), generate_series(1, \(max(new.pageCount, 1)))
                    ON CONFLICT DO NOTHING
                    """)
                return try Self.document(try statements.rows(Self.query("SELECT \(Self.documentColumns) FROM document WHERE id = $1", new.id))[0])
            }
        }
    }

    public func document(atPath path: String, byteCount: Int, fileModifiedAt: Double) throws -> DocumentRecord? {
        try session.transaction(readOnly: true) { statements in
            try statements.rows(Self.query("SELECT \(Self.documentColumns) FROM document WHERE path = $1 AND byte_count = $2 AND file_modified_at = $3",
                                           path, byteCount, fileModifiedAt)).first.map(Self.document)
        }
    }

    public func documents() throws -> [DocumentRecord] {
        try session.transaction(readOnly: true) { statements in
            try statements.rows(Self.query("SELECT \(Self.documentColumns) FROM document ORDER BY name COLLATE \"C\", id")).map(Self.document)
        }
    }

    public func document(id: String) throws -> DocumentRecord? {
        try session.transaction(readOnly: true) { statements in
            try statements.rows(Self.query("SELECT \(Self.documentColumns) FROM document WHERE id = $1", id)).first.map(Self.document)
        }
    }

    // MARK: Files

    public var keepsFiles: Bool { true }

    public func keepFile(_ data: Data) throws {
        let id = DocumentRecord.id(of: data)
        try session.transaction { statements in
            // Asked first, so that a file kept already is not sent again.
            guard try statements.value("SELECT 1 FROM file_content WHERE sha256 = \(id)", as: Int.self) == nil else { return }
            try statements.execute("""
                INSERT INTO file_content (sha256, bytes) VALUES (\(id), \(ByteBuffer(bytes: data))) ON CONFLICT DO NOTHING
                """)
        }
    }

    public func file(of documentID: String) throws -> Data? {
        try session.transaction(readOnly: true) { statements in
            try statements.value("SELECT bytes FROM file_content WHERE sha256 = \(documentID)", as: ByteBuffer.self).map { Data(buffer: $0) }
        }
    }

    public func pages(of documentID: String) throws -> [PageRecord] {
        try session.transaction(readOnly: true) { statements in
            try statements.rows("SELECT number, current_run_id FROM page WHERE document_id = \(documentID) ORDER BY number").map { row in
                let (number, run) = try row.decode((Int, Int64?).self)
                return PageRecord(documentId: documentID, number: number, currentRunId: run)
            }
        }
    }

    // MARK: Runs

    private static let runColumns = """
        id, document_id, page_number, engine, options, started_at, duration, succeeded, response, error_code, error_message,
        request_id, image_width, image_height
        """

    private static func run(_ row: PostgresRow) throws -> RunRecord {
        let (id, document, page, engine, options, startedAt, duration, succeeded, response, code, message, request, width, height) =
            try row.decode((Int64, String, Int, String, String, Date, Double, Bool, String, String?, String?, String?, Int?, Int?).self)
        return RunRecord(id: id, documentId: document, pageNumber: page, engine: engine, options: options, startedAt: startedAt,
                         duration: duration, succeeded: succeeded, response: response, errorCode: code, errorMessage: message,
                         requestId: request, imageWidth: width, imageHeight: height)
    }

    @discardableResult
    public func recordRuns(_ inputs: [RunInput]) throws -> [RunRecord] {
        try session.transaction { statements in try inputs.map { try insert($0, statements) } }
    }

    /// One run and its lines, in the caller's transaction, in one statement (one round trip
    /// a page): the run; for a reading, its lines, in the search in place of the page's
    /// earlier reading, and the page's current reading; and the news of it.
    func insert(_ input: RunInput, _ statements: PostgresStatements) throws -> RunRecord {
        var run = input.record
        let blocks = input.blocks
        run.id = try statements.value("""
            WITH new_run AS (
                INSERT INTO run (document_id, page_number, engine, options, started_at, duration, succeeded, response, error_code,
                                 error_message, request_id, image_width, image_height)
                VALUES (\(run.documentId), \(run.pageNumber), \(run.engine), \(run.options), \(run.startedAt), \(run.duration),
                        \(run.succeeded), \(run.response), \(run.errorCode), \(run.errorMessage), \(run.requestId), \(run.imageWidth),
                        \(run.imageHeight))
                RETURNING id
            ), earlier AS (
                DELETE FROM search WHERE \(run.succeeded) AND block_id IN (
                    SELECT block.id FROM block JOIN page ON block.run_id = page.current_run_id
                    WHERE page.document_id = \(input.documentID) AND page.number = \(input.page))
            ), lines AS (
                INSERT INTO block (run_id, position, text, confidence, polygon)
                SELECT new_run.id, line.* FROM new_run, unnest(\(Array(0..<blocks.count))::bigint[], \(blocks.map(\.words))::text[],
                                                              \(blocks.map(\.confidence))::float8[],
                                                              \(blocks.map { ContractJSON.location($0.location) })::text[]) AS line
                RETURNING id, text
            ), indexed AS (
                INSERT INTO search (block_id, text) SELECT id, text FROM lines
            ), current AS (
                UPDATE page SET current_run_id = new_run.id FROM new_run
                WHERE \(run.succeeded) AND page.document_id = \(input.documentID) AND page.number = \(input.page)
            )
            SELECT new_run.id, pg_notify('quire', \(token) || ' r ' || \(input.page) || ' ' || \(input.documentID)) FROM new_run
            """, as: Int64.self)
        return run
    }

    public func runs(of documentID: String, page: Int) throws -> [RunRecord] {
        try session.transaction(readOnly: true) { statements in
            try statements.rows(Self.query("SELECT \(Self.runColumns) FROM run WHERE document_id = $1 AND page_number = $2 ORDER BY id",
                                           documentID, page)).map(Self.run)
        }
    }

    public func currentBlocks(of documentID: String, page: Int) throws -> [ReviewBlock] {
        try session.transaction(readOnly: true) { statements in
            try statements.rows("""
                SELECT block.id, block.run_id, block.position, block.text, block.confidence, block.polygon,
                       correction.block_id IS NOT NULL, correction.text, coalesce(correction.reviewed, false), correction.updated_at
                FROM page JOIN block ON block.run_id = page.current_run_id LEFT JOIN correction ON correction.block_id = block.id
                WHERE page.document_id = \(documentID) AND page.number = \(page)
                ORDER BY block.position
                """).map { row in
                let (id, run, position, text, confidence, polygon, corrected, correctedText, reviewed, updatedAt) =
                    try row.decode((Int64, Int64, Int, String, Double, String, Bool, String?, Bool, Date?).self)
                return ReviewBlock(
                    block: BlockRecord(id: id, runId: run, position: position, text: text, confidence: confidence, polygon: polygon),
                    correction: corrected ? CorrectionRecord(blockId: id, text: correctedText, reviewed: reviewed, updatedAt: updatedAt ?? Date())
                                          : nil)
            }
        }
    }

    // MARK: Corrections, history, undo and redo

    private static let editColumns = "id, block_id, before_text, before_reviewed, after_text, after_reviewed, made_at, undone, author"

    private static func edit(_ row: PostgresRow) throws -> EditRecord {
        let (id, block, beforeText, beforeReviewed, afterText, afterReviewed, madeAt, undone, author) =
            try row.decode((Int64, Int64, String?, Bool, String?, Bool, Date, Bool, String?).self)
        return EditRecord(id: id, blockId: block, beforeText: beforeText, beforeReviewed: beforeReviewed, afterText: afterText,
                          afterReviewed: afterReviewed, madeAt: madeAt, undone: undone, author: author)
    }

    @discardableResult
    public func correct(blockID: Int64, text: String?, reviewed: Bool, by author: String?, at time: Date,
                        expecting: CorrectionState?) throws -> EditRecord {
        try session.transaction { statements in
            // Edits of one block take turns: each sees the one before it as its "before".
            guard let recognised = try statements.value("SELECT text FROM block WHERE id = \(blockID) FOR UPDATE", as: String.self) else {
                throw StoreError(description: "there is no block \(blockID) in \(address)")
            }
            let before = try statements.rows("SELECT text, reviewed FROM correction WHERE block_id = \(blockID)").first
                .map { try $0.decode((String?, Bool).self) }
            let now = CorrectionState(text: before?.0, reviewed: before?.1 ?? false)
            if let expecting, expecting != now {
                let author = try statements.rows("SELECT author FROM edit WHERE block_id = \(blockID) ORDER BY id DESC LIMIT 1").first
                    .flatMap { try $0.decode(String?.self) }
                throw EditConflict(blockID: blockID, now: now, author: author, recognised: recognised)
            }
            var edit = EditRecord(id: nil, blockId: blockID, beforeText: before?.0, beforeReviewed: before?.1 ?? false, afterText: text,
                                  afterReviewed: reviewed, madeAt: time, undone: false, author: author)
            edit.id = try statements.value("""
                INSERT INTO edit (block_id, before_text, before_reviewed, after_text, after_reviewed, made_at, undone, author)
                VALUES (\(blockID), \(edit.beforeText), \(edit.beforeReviewed), \(text), \(reviewed), \(time), false, \(author))
                RETURNING id
                """, as: Int64.self)
            try apply(blockID: blockID, text: text, reviewed: reviewed, by: author, at: time, statements)
            return edit
        }
    }

    /// Edits `author` may undo and redo: their own and those made before names were kept.
    private static func made(by author: String?) -> String {
        author == nil ? "true" : "(author = $1 OR author IS NULL)"
    }

    /// A statement whose text is put together here ($1, $2, … for `values`, the absent left out).
    /// Statements of fixed text are written as interpolated `PostgresQuery` literals, which
    /// bind each value themselves; this is for the few whose text varies (an optional
    /// filter), where the literal cannot say which placeholders there are.
    static func query(_ sql: String, _ values: (any PostgresDynamicTypeEncodable)?...) -> PostgresQuery {
        var binds = PostgresBindings()
        for value in values.compactMap({ $0 }) { binds.append(value) }
        return PostgresQuery(unsafeSQL: sql, binds: binds)
    }

    @discardableResult
    public func undo(by author: String?, at time: Date) throws -> EditRecord? {
        try session.transaction { statements in
            let sql = "SELECT \(Self.editColumns) FROM edit WHERE NOT undone AND \(Self.made(by: author)) ORDER BY id DESC LIMIT 1 FOR UPDATE"
            guard var edit = try statements.rows(Self.query(sql, author)).first.map(Self.edit) else { return nil }
            edit.undone = true
            try statements.execute("UPDATE edit SET undone = true WHERE id = \(edit.id)")
            try apply(blockID: edit.blockId, text: edit.beforeText, reviewed: edit.beforeReviewed, by: author, at: time, statements)
            return edit
        }
    }

    @discardableResult
    public func redo(by author: String?, at time: Date) throws -> EditRecord? {
        try session.transaction { statements in
            let made = Self.made(by: author)
            let sql = """
                SELECT \(Self.editColumns) FROM edit
                WHERE undone AND \(made) AND id > (SELECT coalesce(max(id), 0) FROM edit WHERE NOT undone AND \(made))
                ORDER BY id LIMIT 1 FOR UPDATE
                """
            guard var edit = try statements.rows(Self.query(sql, author)).first.map(Self.edit) else { return nil }
            edit.undone = false
            try statements.execute("UPDATE edit SET undone = false WHERE id = \(edit.id)")
            try apply(blockID: edit.blockId, text: edit.afterText, reviewed: edit.afterReviewed, by: author, at: time, statements)
            return edit
        }
    }

    public func history(of blockID: Int64?) throws -> [EditRecord] {
        try session.transaction(readOnly: true) { statements in
            let filter = blockID == nil ? "" : "WHERE block_id = $1"
            return try statements.rows(Self.query("SELECT \(Self.editColumns) FROM edit \(filter) ORDER BY id", blockID)).map(Self.edit)
        }
    }

    private func apply(blockID: Int64, text: String?, reviewed: Bool, by author: String?, at time: Date, _ statements: PostgresStatements) throws {
        if text == nil && !reviewed {
            try statements.execute("DELETE FROM correction WHERE block_id = \(blockID)")
        } else {
            try statements.execute("""
                INSERT INTO correction (block_id, text, reviewed, updated_at) VALUES (\(blockID), \(text), \(reviewed), \(time))
                ON CONFLICT (block_id) DO UPDATE SET text = EXCLUDED.text, reviewed = EXCLUDED.reviewed, updated_at = EXCLUDED.updated_at
                """)
        }
        try statements.execute("""
            UPDATE search SET text = coalesce(\(text), (SELECT text FROM block WHERE id = \(blockID))) WHERE block_id = \(blockID)
            """)
        try statements.execute(PostgresAnnouncements.correction(token: token, blockID: blockID, author: author))
    }

    // MARK: Reading the whole

    /// `ILIKE` on the trigram index: three characters or more use it, shorter ones scan.
    public func search(_ query: String, limit: Int) throws -> [SearchHit] {
        try session.transaction(readOnly: true) { statements in
            try statements.rows("""
                SELECT block.id, document.id, document.name, run.page_number, block.position, correction.text IS NOT NULL, found.text
                FROM (SELECT block_id, text FROM search WHERE text ILIKE \(Self.likePattern(query)) LIMIT \(limit)) AS found
                JOIN block ON block.id = found.block_id JOIN run ON run.id = block.run_id JOIN document ON document.id = run.document_id
                LEFT JOIN correction ON correction.block_id = block.id
                ORDER BY document.name COLLATE "C", document.id, run.page_number, block.position
                """).map { row in
                let (block, document, name, page, position, corrected, text) =
                    try row.decode((Int64, String, String, Int, Int, Bool, String).self)
                return SearchHit(documentId: document, documentName: name, page: page, position: position, blockId: block, text: text,
                                 corrected: corrected)
            }
        }
    }

    public func accuracy() throws -> AccuracyReport {
        let checked = try session.transaction(readOnly: true) { statements in
            try statements.rows("""
                SELECT block.text, coalesce(correction.text, block.text), block.confidence, run.engine, run.page_number, document.name
                FROM correction JOIN block ON block.id = correction.block_id JOIN run ON run.id = block.run_id
                JOIN document ON document.id = run.document_id
                """).map { row in
                let (recognised, reference, confidence, engine, page, name) = try row.decode((String, String, Double, String, Int, String).self)
                return AccuracyReport.CheckedBlock(recognised: recognised, reference: reference, confidence: confidence, engine: engine,
                                                   documentName: name, page: page)
            }
        }
        return AccuracyReport(checked)
    }

    public func pageCounts(threshold: Double) throws -> [String: [Int: PageCounts]] {
        try session.transaction(readOnly: true) { statements in
            var counts: [String: [Int: PageCounts]] = [:]
            for row in try statements.rows("""
                SELECT page.document_id, page.number, count(block.id), coalesce(sum(block.confidence), 0),
                       count(*) FILTER (WHERE block.confidence < \(threshold)),
                       count(*) FILTER (WHERE block.confidence < \(threshold) AND NOT coalesce(correction.reviewed, false))
                FROM page LEFT JOIN block ON block.run_id = page.current_run_id LEFT JOIN correction ON correction.block_id = block.id
                WHERE page.current_run_id IS NOT NULL
                GROUP BY page.document_id, page.number
                """) {
                let (document, number, blocks, sum, below, needing) = try row.decode((String, Int, Int, Double, Int, Int).self)
                counts[document, default: [:]][number] = PageCounts(blocks: blocks, confidenceSum: sum, belowThreshold: below,
                                                                   needingReview: needing)
            }
            return counts
        }
    }

    public func latestFailures() throws -> [RunRecord] {
        try session.transaction(readOnly: true) { statements in
            try statements.rows(Self.query("""
                SELECT \(Self.runColumns) FROM run WHERE NOT succeeded
                AND id IN (SELECT max(id) FROM run GROUP BY document_id, page_number)
                ORDER BY id
                """)).map(Self.run)
        }
    }

    public func location(ofBlock blockID: Int64) throws -> (documentID: String, page: Int)? {
        try session.transaction(readOnly: true) { statements in
            try statements.rows("""
                SELECT run.document_id, run.page_number FROM block JOIN run ON run.id = block.run_id WHERE block.id = \(blockID)
                """).first.map { row in
                let (document, page) = try row.decode((String, Int).self)
                return (document, page)
            }
        }
    }

    public func exportDocuments(ids: [String]?) throws -> [ExportDocument] {
        try session.transaction(readOnly: true) { statements in
            let filter = ids == nil ? "" : "WHERE id = ANY($1)"
            let documents = try statements.rows(Self.query("SELECT \(Self.documentColumns) FROM document \(filter) ORDER BY name COLLATE \"C\", id",
                                                           ids)).map(Self.document)
            return try documents.map { document in
                var runs: [Int64: RunRecord] = [:]
                for row in try statements.rows(Self.query("""
                    SELECT \(Self.runColumns) FROM run WHERE id IN (SELECT current_run_id FROM page WHERE document_id = $1)
                    """, document.id)) {
                    let run = try Self.run(row)
                    runs[run.id ?? 0] = run
                }
                var blocks: [Int64: [ExportBlock]] = [:]
                for row in try statements.rows("""
                    SELECT block.run_id, block.position, block.text, block.confidence, block.polygon, correction.text,
                           coalesce(correction.reviewed, false)
                    FROM page JOIN block ON block.run_id = page.current_run_id LEFT JOIN correction ON correction.block_id = block.id
                    WHERE page.document_id = \(document.id) ORDER BY block.run_id, block.position
                    """) {
                    let (run, position, text, confidence, polygon, corrected, reviewed) =
                        try row.decode((Int64, Int, String, Double, String, String?, Bool).self)
                    blocks[run, default: []].append(ExportBlock(position: position, recognised: text, corrected: corrected, reviewed: reviewed,
                                                                confidence: confidence, polygon: BlockRecord.points(polygon)))
                }
                let pages = try statements.rows("SELECT number, current_run_id FROM page WHERE document_id = \(document.id) ORDER BY number")
                    .map { row in
                        let (number, runID) = try row.decode((Int, Int64?).self)
                        let run = runID.flatMap { runs[$0] }
                        return ExportPage(number: number, run: run, blocks: run == nil ? [] : blocks[runID ?? 0] ?? [])
                    }
                return ExportDocument(document: document, pages: pages)
            }
        }
    }
}
