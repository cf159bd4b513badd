import GRDB

// The records as rows of the SQLite store's tables.

extension DocumentRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "document"
}

extension PageRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "page"
}

extension RunRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension BlockRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "block"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension CorrectionRecord: FetchableRecord, PersistableRecord {
    public static let databaseTableName = "correction"
}

extension EditRecord: FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "edit"
    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}
