import PostgresNIO

/// The shared store's schema: the SQLite store's tables, in PostgreSQL's words. Which
/// versions a database has is in `quire_schema`, so that a database of another program
/// (tables, but no `quire_schema`) is recognised and left alone.
enum PostgresSchema {
    /// Each version's statements, applied in one transaction, in order, once.
    static let migrations: [(version: String, statements: [String])] = [
        ("v1", [
            // Substring search, on CJK text too; a trusted extension the database's owner may make.
            "CREATE EXTENSION IF NOT EXISTS pg_trgm",
            """
            CREATE TABLE document (
                id text PRIMARY KEY, name text NOT NULL, path text NOT NULL, byte_count bigint NOT NULL,
                page_count bigint NOT NULL, added_at timestamptz NOT NULL, last_seen_at timestamptz NOT NULL,
                file_modified_at double precision)
            """,
            "CREATE INDEX document_path ON document (path)",
            """
            CREATE TABLE run (
                id bigserial PRIMARY KEY, document_id text NOT NULL REFERENCES document ON DELETE CASCADE,
                page_number bigint NOT NULL, engine text NOT NULL, options text NOT NULL, started_at timestamptz NOT NULL,
                duration double precision NOT NULL, succeeded boolean NOT NULL, response text NOT NULL, error_code text,
                error_message text, request_id text, image_width bigint, image_height bigint)
            """,
            "CREATE INDEX run_page ON run (document_id, page_number)",
            """
            CREATE TABLE page (
                document_id text NOT NULL REFERENCES document ON DELETE CASCADE, number bigint NOT NULL,
                current_run_id bigint REFERENCES run ON DELETE SET NULL, PRIMARY KEY (document_id, number))
            """,
            """
            CREATE TABLE block (
                id bigserial PRIMARY KEY, run_id bigint NOT NULL REFERENCES run ON DELETE CASCADE, position bigint NOT NULL,
                text text NOT NULL, confidence double precision NOT NULL, polygon text NOT NULL, UNIQUE (run_id, position))
            """,
            """
            CREATE TABLE correction (
                block_id bigint PRIMARY KEY REFERENCES block ON DELETE CASCADE, text text, reviewed boolean NOT NULL,
                updated_at timestamptz NOT NULL)
            """,
            """
            CREATE TABLE edit (
                id bigserial PRIMARY KEY, block_id bigint NOT NULL REFERENCES block ON DELETE CASCADE, before_text text,
                before_reviewed boolean NOT NULL, after_text text, after_reviewed boolean NOT NULL, made_at timestamptz NOT NULL,
                undone boolean NOT NULL DEFAULT false, author text)
            """,
            "CREATE INDEX edit_block ON edit (block_id)",
            // The text a person sees of each block of the pages' current readings: corrected,
            // else recognised, kept in step in the same transactions.
            "CREATE TABLE search (block_id bigint PRIMARY KEY REFERENCES block ON DELETE CASCADE, text text NOT NULL)",
            "CREATE INDEX search_text ON search USING gin (text gin_trgm_ops)",
        ]),
        ("v2-files-and-queue", [
            // Documents' bytes by their SHA-256 (a document's id), so that a worker or a
            // transcriber on another machine needs nothing but the URL.
            "CREATE TABLE file_content (sha256 text PRIMARY KEY, bytes bytea NOT NULL)",
            // Pages waiting for a worker, leased to one (until `lease_until`: a worker that
            // died lets its page go when that passes), read, or failed with the contract's code.
            """
            CREATE TABLE queue (
                document_id text NOT NULL REFERENCES document ON DELETE CASCADE, page bigint NOT NULL,
                state text NOT NULL CHECK (state IN ('queued', 'leased', 'done', 'failed')),
                attempts bigint NOT NULL DEFAULT 0, leased_by text, lease_until timestamptz, error_code text,
                error_message text, queued_at timestamptz NOT NULL, finished_at timestamptz,
                PRIMARY KEY (document_id, page))
            """,
            "CREATE INDEX queue_waiting ON queue (queued_at) WHERE state IN ('queued', 'leased')",
        ]),
    ]

    /// Taken for the whole of a migration, so that processes opening a new store at
    /// once make it once ("QUIR", as the SQLite store's application id).
    private static let migrationLock: Int64 = 0x5155_4952

    /// Brings the database up to date, or (`readOnly`) checks that it is; a database of
    /// another program, or of a newer Quire, is refused untouched.
    static func prepare(_ session: PostgresSession, readOnly: Bool) throws(StoreError) {
        let address = session.address
        do {
            try prepare(session, address: address, readOnly: readOnly)
        } catch {
            throw PostgresErrors.plainly(error, address: address)
        }
    }

    private static func prepare(_ session: PostgresSession, address: PostgresAddress, readOnly: Bool) throws {
        try session.transaction { statements in
            if !readOnly { try statements.execute("SELECT pg_advisory_xact_lock(\(migrationLock))") }
            let known = try statements.value("SELECT to_regclass('quire_schema') IS NOT NULL", as: Bool.self) ?? false
            var done: Set<String> = []
            if known {
                done = Set(try statements.rows("SELECT version FROM quire_schema").map { try $0.decode(String.self) })
            } else {
                let tables = try statements.value("SELECT count(*) FROM pg_tables WHERE schemaname = current_schema()", as: Int.self) ?? 0
                guard tables == 0 else {
                    throw StoreError(description: "\(address) is a database of another program (it has tables, none of them Quire's); Quire leaves it alone")
                }
            }
            let versions = migrations.map(\.version)
            guard done.isSubset(of: versions) else {
                throw StoreError(description: "\(address) was made by a newer Quire (\(done.subtracting(versions).sorted().joined(separator: ", "))): update quire")
            }
            let missing = migrations.filter { !done.contains($0.version) }
            guard !missing.isEmpty else { return }
            guard !readOnly else {
                throw StoreError(description: known ? "\(address) was made by an earlier Quire: open it once with write access to bring it up to date"
                                                    : "there is no store at \(address) yet: add or recognise files first")
            }
            if !known {
                try statements.execute("CREATE TABLE quire_schema (version text PRIMARY KEY, applied_at timestamptz NOT NULL DEFAULT now())")
            }
            for migration in missing {
                for statement in migration.statements { try statements.execute(PostgresQuery(unsafeSQL: statement)) }
                try statements.execute("INSERT INTO quire_schema (version) VALUES (\(migration.version))")
            }
        }
    }
}
