import Foundation
import GRDB
import HandwritingAPI

/// One workspace's SQLite file. WAL, so readers never wait for the writer; every
/// change is committed before the call returns, so an acknowledged edit survives a crash.
public final class SQLiteStore: TranscriptStore {
    public let path: String
    let pool: DatabasePool

    public var location: StoreLocation { .file(path) }

    /// `FOLDER/.quire/quire.db`: the store of a workspace folder.
    public static func defaultPath(forWorkspace folder: URL) -> URL {
        folder.appendingPathComponent(".quire/quire.db")
    }

    /// Opens the store at `path`, making it (and its folder) if it does not exist yet
    /// unless `access` is `.readOnly`. A file that is not SQLite, or an SQLite database of
    /// another program, is refused untouched.
    public init(path: String, access: StoreAccess = .readWrite) throws(StoreError) {
        self.path = path
        try Self.refuseForeignFile(at: path)
        if access == .readOnly {
            pool = try Self.openForReading(path)
            return
        }
        try Self.refuseReadOnly(path)
        // Processes opening one store at once (a new one above all: making it WAL and
        // migrating it) would trip over each other: they take turns, here only.
        let turn = Self.takeTurnToOpen(path)
        defer { if turn >= 0 { flock(turn, LOCK_UN); close(turn) } }
        try Self.probeExisting(at: path)
        do {
            var configuration = Configuration()
            configuration.busyMode = .timeout(10)  // a second process waits its turn instead of failing
            pool = try DatabasePool(path: path, configuration: configuration)
            try SQLiteSchema.migrator.migrate(pool)
        } catch {
            throw Self.plainly(error, path: path)
        }
    }

    private static func openForReading(_ path: String) throws(StoreError) -> DatabasePool {
        guard FileManager.default.fileExists(atPath: path) else {
            throw StoreError(description: "there is no store at \(path) yet: recognise or add files first")
        }
        let location = readingLocation(path)
        try probeExisting(at: path, location: location)
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            let pool = try DatabasePool(path: location, configuration: configuration)
            guard try pool.read({ try SQLiteSchema.migrator.hasCompletedMigrations($0) }) else {
                throw StoreError(description: "the store \(path) was made by an earlier Quire: open it once with write access to bring it up to date")
            }
            return pool
        } catch {
            throw plainly(error, path: path)
        }
    }

    /// Where SQLite is to read the store from. A WAL store needs its `-shm` file to be
    /// read; where none is open and none can be made (a read-only folder or mount) the
    /// store is read as immutable: then no writer has it open, and none can.
    static func readingLocation(_ path: String) -> String {
        let folder = (path as NSString).deletingLastPathComponent
        guard !FileManager.default.fileExists(atPath: path + "-shm"), access(folder.isEmpty ? "." : folder, W_OK) != 0,
              let encoded = path.addingPercentEncoding(withAllowedCharacters: .urlPathAllowed)
        else { return path }
        return "file:\(encoded)?immutable=1"
    }

    /// A store the user may not write (a read-only file, folder or mount) is said to be
    /// so before a command that changes it starts, rather than as SQLite's error 14 or 8.
    static func refuseReadOnly(_ path: String) throws(StoreError) {
        let folder = (path as NSString).deletingLastPathComponent
        let exists = FileManager.default.fileExists(atPath: path)
        let writable = exists ? access(path, W_OK) == 0 : true
        // SQLite makes its -wal and -shm files beside the store.
        let folderWritable = !FileManager.default.fileExists(atPath: folder) || access(folder, W_OK) == 0
        guard !(writable && folderWritable) else { return }
        var limited = !writable ? "the file" : "its folder"
        var volume = statvfs()
        if statvfs(exists ? path : folder, &volume) == 0, volume.f_flag & UInt(ST_RDONLY) != 0 { limited = "the file system" }
        throw StoreError(description: "the store \(path) is read-only (\(limited) may not be written): this command changes it; search, stats and export still read it")
    }

    /// SQLite's refusal to open, read or write the store, said plainly: read-only, a full
    /// disk or a write that failed are not damage, and the store keeps what it had.
    static func plainly(_ error: any Error, path: String) -> StoreError {
        if let error = error as? StoreError { return error }
        guard let error = error as? DatabaseError else {
            return StoreError(description: "the store \(path) is damaged or unreadable: \(error); Quire leaves it as it is")
        }
        switch error.resultCode {
        case .SQLITE_READONLY, .SQLITE_PERM:
            return StoreError(description: "the store \(path) is read-only: nothing was changed")
        case .SQLITE_FULL:
            return StoreError(description: "the disk holding the store \(path) is full: nothing was changed; free some space and try again")
        case .SQLITE_IOERR:
            return StoreError(description: "the store \(path) could not be written (\(error.message ?? "input/output error"); a full disk or a limit on file size?): nothing was changed")
        case .SQLITE_CANTOPEN:
            return StoreError(description: "the store \(path) cannot be opened (\(error.message ?? "unable to open")): check that its folder may be read and written")
        default:
            return StoreError(description: "the store \(path) is damaged or unreadable: \(error); Quire leaves it as it is")
        }
    }

    /// Every change goes through here, in one transaction: committed whole or not at all.
    func write<T>(_ updates: (Database) throws -> T) throws -> T {
        do {
            return try pool.write(updates)
        } catch let error as DatabaseError {
            throw Self.plainly(error, path: path)
        }
    }

    /// Waits until no other process is opening the store, and holds it until the caller
    /// closes the descriptor (-1 when the file cannot be made: opening then fails with a
    /// better message). An exclusive `flock` on the file itself, which SQLite's own
    /// (`fcntl`) locks never meet; an empty file is an empty database to SQLite.
    static func takeTurnToOpen(_ path: String) -> Int32 {
        try? FileManager.default.createDirectory(at: URL(fileURLWithPath: path).deletingLastPathComponent(), withIntermediateDirectories: true)
        let descriptor = open(path, O_RDWR | O_CREAT | O_CLOEXEC, 0o644)
        guard descriptor >= 0 else { return -1 }
        while flock(descriptor, LOCK_EX) != 0 && errno == EINTR {}
        return descriptor
    }

    /// Looks at an existing database through a read-only connection, which changes
    /// nothing (opening it for writing would switch it to WAL first): it must be
    /// readable, sound (`PRAGMA quick_check`, so that nothing is written into a damaged
    /// table), and empty or Quire's own. A refused store keeps no `-wal` or `-shm` file
    /// the look made.
    static func probeExisting(at path: String, location: String? = nil) throws(StoreError) {
        guard FileManager.default.fileExists(atPath: path) else { return }
        // Files the look itself makes (SQLite's shared memory for a WAL store); processes
        // opening the store take turns, so no other made them meanwhile.
        let companions = ["-wal", "-shm"].map { path + $0 }.filter { !FileManager.default.fileExists(atPath: $0) }
        func refuse(_ description: String) -> StoreError {
            for made in companions { try? FileManager.default.removeItem(atPath: made) }
            return StoreError(description: description)
        }
        let facts: (tables: Int, application: Int32, check: String)
        do {
            var configuration = Configuration()
            configuration.readonly = true
            configuration.busyMode = .timeout(10)
            let probe = try DatabaseQueue(path: location ?? path, configuration: configuration)
            facts = try probe.read { db in
                (try Int.fetchOne(db, sql: "SELECT count(*) FROM sqlite_master WHERE type = 'table'") ?? 0,
                 try Int32.fetchOne(db, sql: "PRAGMA application_id") ?? 0,
                 try String.fetchOne(db, sql: "PRAGMA quick_check(1)") ?? "")
            }
            try probe.close()
        } catch {
            throw refuse(plainly(error, path: path).description)
        }
        guard facts.tables == 0 || facts.application == SQLiteSchema.applicationID else {
            throw refuse("\(path) is an SQLite database of another program; Quire leaves it alone (use --store for another path)")
        }
        guard facts.check == "ok" else {
            throw refuse("the store \(path) is damaged (\(facts.check)); Quire leaves it as it is: restore it from a backup")
        }
    }

    /// An existing file must start as SQLite files do; Quire never opens (or lets SQLite
    /// rewrite) anything else.
    static func refuseForeignFile(at path: String) throws(StoreError) {
        guard let handle = FileHandle(forReadingAtPath: path) else { return }  // absent: a new store
        defer { try? handle.close() }
        let header = (try? handle.read(upToCount: 16)) ?? Data()
        guard header.isEmpty || header == Data("SQLite format 3\0".utf8) else {
            throw StoreError(description: "\(path) is not an SQLite database; Quire leaves it alone (use --store for another path)")
        }
    }

    /// `PRAGMA integrity_check`: "ok" when the file is sound.
    public func integrityCheck() throws -> String {
        try pool.read { db in try String.fetchOne(db, sql: "PRAGMA integrity_check") ?? "" }
    }

    // MARK: Documents

    /// The document last hashed from this path when the file had this size and
    /// modification time: the file need not be read again to know what it is.
    public func document(atPath path: String, byteCount: Int, fileModifiedAt: Double) throws -> DocumentRecord? {
        try pool.read { db in
            try DocumentRecord.filter(Column("path") == path && Column("byteCount") == byteCount && Column("fileModifiedAt") == fileModifiedAt)
                .fetchOne(db)
        }
    }

    @discardableResult
    public func addDocuments(_ documents: [NewDocument], at time: Date) throws -> [DocumentRecord] {
        try write { db in try documents.map { try Self.register($0, at: time, in: db) } }
    }

    private static func register(_ new: NewDocument, at now: Date, in db: Database) throws -> DocumentRecord {
        if var known = try DocumentRecord.fetchOne(db, key: new.id) {
            let stamp = new.fileModifiedAt ?? known.fileModifiedAt
            guard known.name != new.name || known.path != new.path || known.fileModifiedAt != stamp else { return known }
            known.name = new.name
            known.path = new.path
            known.fileModifiedAt = stamp
            known.lastSeenAt = now
            try known.update(db)
            return known
        }
        let document = DocumentRecord(id: new.id, name: new.name, path: new.path, byteCount: new.byteCount, pageCount: new.pageCount,
                                      addedAt: now, lastSeenAt: now, fileModifiedAt: new.fileModifiedAt)
        try document.insert(db)
        for number in 1...max(new.pageCount, 1) {
            try PageRecord(documentId: new.id, number: number, currentRunId: nil).insert(db)
        }
        return document
    }

    /// One person's: nobody else's changes to watch for.
    public func watch(_ changed: @escaping @Sendable (StoreChange) -> Void) -> (any StoreWatch)? { nil }

    public func document(id: String) throws -> DocumentRecord? {
        try pool.read { db in try DocumentRecord.fetchOne(db, key: id) }
    }

    /// A store file lives beside the files: it keeps where they are, not their bytes.
    public var keepsFiles: Bool { false }
    public func keepFile(_ data: Data) throws {}
    public func file(of documentID: String) throws -> Data? { nil }

    public func documents() throws -> [DocumentRecord] {
        try pool.read { db in try DocumentRecord.order(Column("name"), Column("id")).fetchAll(db) }
    }

    public func pages(of documentID: String) throws -> [PageRecord] {
        try pool.read { db in try PageRecord.filter(Column("documentId") == documentID).order(Column("number")).fetchAll(db) }
    }

    // MARK: Runs

    @discardableResult
    public func recordRuns(_ inputs: [RunInput]) throws -> [RunRecord] {
        try write { db in try inputs.map { try Self.insert($0, in: db) } }
    }

    private static func insert(_ input: RunInput, in db: Database) throws -> RunRecord {
        var run = input.record
        try run.insert(db)
        if run.succeeded, let runID = run.id {
            // The page's earlier reading leaves the search index: only current text is found.
            try db.execute(sql: """
                DELETE FROM search WHERE rowid IN (SELECT block.id FROM block JOIN page ON block.runId = page.currentRunId
                                                   WHERE page.documentId = ? AND page.number = ?)
                """, arguments: [input.documentID, input.page])
            // Prepared once per connection: a record's Codable path costs more than the insert itself.
            let insertBlock = try db.cachedStatement(sql: """
                INSERT INTO block (runId, position, text, confidence, polygon) VALUES (?, ?, ?, ?, ?)
                """)
            let indexBlock = try db.cachedStatement(sql: "INSERT INTO search (text, rowid) VALUES (?, ?)")
            for (position, block) in input.blocks.enumerated() {
                try insertBlock.execute(arguments: [runID, position, block.words, block.confidence, ContractJSON.location(block.location)])
                try indexBlock.execute(arguments: [block.words, db.lastInsertedRowID])
            }
            try db.execute(sql: "UPDATE page SET currentRunId = ? WHERE documentId = ? AND number = ?",
                           arguments: [runID, input.documentID, input.page])
        }
        return run
    }

    public func runs(of documentID: String, page: Int) throws -> [RunRecord] {
        try pool.read { db in
            try RunRecord.filter(Column("documentId") == documentID && Column("pageNumber") == page).order(Column("id")).fetchAll(db)
        }
    }

    public func currentBlocks(of documentID: String, page: Int) throws -> [ReviewBlock] {
        try pool.read { db in
            guard let runID = try Int64.fetchOne(db, sql: "SELECT currentRunId FROM page WHERE documentId = ? AND number = ?",
                                                 arguments: [documentID, page]) else { return [] }
            let blocks = try BlockRecord.filter(Column("runId") == runID).order(Column("position")).fetchAll(db)
            return try blocks.map { block in
                ReviewBlock(block: block, correction: try CorrectionRecord.fetchOne(db, key: block.id))
            }
        }
    }

    // MARK: Corrections, history, undo and redo

    @discardableResult
    public func correct(blockID: Int64, text: String?, reviewed: Bool, by author: String?, at now: Date,
                        expecting: CorrectionState?) throws -> EditRecord {
        try write { db in
            let before = try CorrectionRecord.fetchOne(db, key: blockID)
            if let expecting, expecting != CorrectionState(before) {
                throw EditConflict(blockID: blockID, now: CorrectionState(before),
                                   author: try EditRecord.filter(Column("blockId") == blockID).order(Column("id").desc).fetchOne(db)?.author,
                                   recognised: try BlockRecord.fetchOne(db, key: blockID)?.text ?? "")
            }
            var edit = EditRecord(id: nil, blockId: blockID, beforeText: before?.text, beforeReviewed: before?.reviewed ?? false,
                                  afterText: text, afterReviewed: reviewed, madeAt: now, undone: false, author: author)
            try edit.insert(db)
            try Self.apply(blockID: blockID, text: text, reviewed: reviewed, at: now, in: db)
            return edit
        }
    }

    @discardableResult
    public func undo(by author: String?, at now: Date) throws -> EditRecord? {
        try write { db in
            guard var edit = try EditRecord.filter(Column("undone") == false && Self.made(by: author))
                .order(Column("id").desc).fetchOne(db) else { return nil }
            edit.undone = true
            try edit.update(db)
            try Self.apply(blockID: edit.blockId, text: edit.beforeText, reviewed: edit.beforeReviewed, at: now, in: db)
            return edit
        }
    }

    @discardableResult
    public func redo(by author: String?, at now: Date) throws -> EditRecord? {
        try write { db in
            let lastInForce = try EditRecord.filter(Column("undone") == false && Self.made(by: author))
                .select(max(Column("id")), as: Int64.self).fetchOne(db) ?? 0
            guard var edit = try EditRecord.filter(Column("undone") == true && Column("id") > lastInForce && Self.made(by: author))
                .order(Column("id")).fetchOne(db) else { return nil }
            edit.undone = false
            try edit.update(db)
            try Self.apply(blockID: edit.blockId, text: edit.afterText, reviewed: edit.afterReviewed, at: now, in: db)
            return edit
        }
    }

    /// Edits `author` may undo and redo: their own and those made before names were kept.
    private static func made(by author: String?) -> SQLExpression {
        guard let author else { return true.sqlExpression }
        return Column("author") == author || Column("author") == nil
    }

    public func history(of blockID: Int64?) throws -> [EditRecord] {
        try pool.read { db in
            let edits = blockID.map { EditRecord.filter(Column("blockId") == $0) } ?? EditRecord.all()
            return try edits.order(Column("id")).fetchAll(db)
        }
    }

    private static func apply(blockID: Int64, text: String?, reviewed: Bool, at now: Date, in db: Database) throws {
        if text == nil && !reviewed {
            try CorrectionRecord.deleteOne(db, key: blockID)
        } else {
            try CorrectionRecord(blockId: blockID, text: text, reviewed: reviewed, updatedAt: now).save(db)
        }
        try db.execute(sql: """
            UPDATE search SET text = coalesce(?, (SELECT text FROM block WHERE id = ?)) WHERE rowid = ?
            """, arguments: [text, blockID, blockID])
    }
}
