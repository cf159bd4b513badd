import Foundation
import GRDB
import HandwritingAPI

/// A document, identified by the SHA-256 of its bytes: renamed or moved, it keeps its work.
public struct DocumentRecord: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "document"
    /// Lower-case hex SHA-256 of the file's bytes.
    public var id: String
    public var name: String
    /// Where the file was last seen.
    public var path: String
    public var byteCount: Int
    public var pageCount: Int
    public var addedAt: Date
    public var lastSeenAt: Date
    /// The modification time (seconds since 1970) of the file at `path` when it was
    /// last hashed; nil when not known.
    public var fileModifiedAt: Double?
}

/// One page of a document, and which run is its current reading.
public struct PageRecord: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "page"
    public var documentId: String
    public var number: Int
    public var currentRunId: Int64?
}

/// One recognition of one page: what was asked, how it went, what came back.
public struct RunRecord: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "run"
    public var id: Int64?
    public var documentId: String
    public var pageNumber: Int
    public var engine: String
    /// The contract's options as JSON: `{"quick_mode": …, "char_set": …, "detect_direction": …}`.
    public var options: String
    public var startedAt: Date
    public var duration: Double
    public var succeeded: Bool
    /// The response body as the recognizer gave it (the contract's JSON).
    public var response: String
    public var errorCode: String?
    public var errorMessage: String?
    public var requestId: String?
    public var imageWidth: Int?
    public var imageHeight: Int?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// One line a run read.
public struct BlockRecord: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "block"
    public var id: Int64?
    public var runId: Int64
    /// Reading order within the run, from 0.
    public var position: Int
    public var text: String
    public var confidence: Double
    /// The four `[x, y]` vertices as JSON.
    public var polygon: String

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

/// The person's version of a block: corrected text (nil: the recognised text stands) and
/// whether it has been reviewed.
public struct CorrectionRecord: Codable, Equatable, Sendable, FetchableRecord, PersistableRecord {
    public static let databaseTableName = "correction"
    public var blockId: Int64
    public var text: String?
    public var reviewed: Bool
    public var updatedAt: Date
}

/// One edit, kept for good: undo, redo and "who changed what when".
public struct EditRecord: Codable, Equatable, Sendable, FetchableRecord, MutablePersistableRecord {
    public static let databaseTableName = "edit"
    public var id: Int64?
    public var blockId: Int64
    /// The correction before and after; nil text means no correction.
    public var beforeText: String?
    public var beforeReviewed: Bool
    public var afterText: String?
    public var afterReviewed: Bool
    public var madeAt: Date
    /// Undone edits stay in the history; the latest ones can be redone.
    public var undone: Bool
    /// Who made it; nil for edits made before names were kept.
    public var author: String?

    public mutating func didInsert(_ inserted: InsertionSuccess) { id = inserted.rowID }
}

extension BlockRecord {
    /// The polygon's vertices.
    public var points: [Point] { TranscriptStore.points(polygon) }
}
