import Foundation
import HandwritingAPI

/// Why a store could not be used. Nothing is ever written to a file or a database that
/// is not a Quire store.
public struct StoreError: Error, CustomStringConvertible, Sendable {
    public let description: String

    public init(description: String) { self.description = description }
}

/// A block's correction as someone saw it: the corrected text (nil: the recognised
/// text stands) and the reviewed mark.
public struct CorrectionState: Equatable, Sendable {
    public var text: String?
    public var reviewed: Bool

    public init(text: String?, reviewed: Bool) {
        self.text = text
        self.reviewed = reviewed
    }

    init(_ correction: CorrectionRecord?) {
        self.init(text: correction?.text, reviewed: correction?.reviewed ?? false)
    }
}

/// A save that met a block changed since it was shown: nothing was saved.
public struct EditConflict: Error, Equatable, Sendable, CustomStringConvertible {
    public var blockID: Int64
    /// What the block holds now, and who made its latest edit.
    public var now: CorrectionState
    public var author: String?
    /// The block's recognised text (what a nil `now.text` stands for).
    public var recognised: String

    public var description: String {
        "block \(blockID) was changed meanwhile\(author.map { " by \($0)" } ?? ""): nothing was saved"
    }
}

/// How a store is opened: to change it, or only to read it (search, stats, export),
/// which works on a store the user may only read or on a read-only mount.
public enum StoreAccess: Sendable {
    case readWrite
    case readOnly
}

/// A workspace's work: documents, every run on their pages, and what people made of the
/// lines, with the history of every edit. One SQLite file for one person
/// (`SQLiteStore`), or a PostgreSQL database a team shares (`PostgresStore`); callers
/// never know which. Every call is synchronous and every change is committed, whole,
/// before it returns: an acknowledged edit survives a crash.
public protocol TranscriptStore: AnyObject, Sendable {
    /// Where the store is, safe to show: a path, or a URL without its password.
    var location: StoreLocation { get }

    // MARK: Documents

    /// Registers files in one transaction, or finds them again by their bytes and notes
    /// where each is now.
    @discardableResult
    func addDocuments(_ documents: [NewDocument], at time: Date) throws -> [DocumentRecord]
    /// The document last hashed from this path when the file had this size and
    /// modification time: the file need not be read again to know what it is.
    func document(atPath path: String, byteCount: Int, fileModifiedAt: Double) throws -> DocumentRecord?
    /// Every document, by name.
    func documents() throws -> [DocumentRecord]
    func document(id: String) throws -> DocumentRecord?
    func pages(of documentID: String) throws -> [PageRecord]

    // MARK: Files

    /// Whether the store keeps documents' bytes (a shared store: any machine reads the
    /// pages from it), or only where each file is (a store file, beside the files).
    var keepsFiles: Bool { get }
    /// Keeps a file's bytes under their SHA-256 (`DocumentRecord.id(of:)`), once; a store
    /// that keeps paths only does nothing.
    func keepFile(_ data: Data) throws
    /// A document's bytes, where the store keeps them.
    func file(of documentID: String) throws -> Data?

    // MARK: Runs

    /// Records recognitions of pages with their blocks, in one transaction; each that
    /// succeeded becomes its page's current reading. Corrections stay with the blocks of
    /// earlier runs.
    @discardableResult
    func recordRuns(_ inputs: [RunInput]) throws -> [RunRecord]
    func runs(of documentID: String, page: Int) throws -> [RunRecord]
    /// The blocks of the page's current run, in reading order, with their corrections.
    func currentBlocks(of documentID: String, page: Int) throws -> [ReviewBlock]

    // MARK: Corrections, history, undo and redo

    /// Sets a block's corrected text (nil: back to what was recognised) and reviewed mark,
    /// as one committed edit made by `author`. A new edit ends the chain redo would follow.
    /// With `expecting` (the block as the person saw it), a block changed meanwhile is
    /// left as it is and `EditConflict` says what it holds now.
    @discardableResult
    func correct(blockID: Int64, text: String?, reviewed: Bool, by author: String?, at time: Date,
                 expecting: CorrectionState?) throws -> EditRecord
    /// Undoes `author`'s newest edit still in force (anyone's, without an author); nil
    /// when there is none. Edits made before names were kept count as everyone's.
    @discardableResult
    func undo(by author: String?, at time: Date) throws -> EditRecord?
    /// Redoes the edit `author` undid last, if they edited nothing since; nil when there is none.
    @discardableResult
    func redo(by author: String?, at time: Date) throws -> EditRecord?
    /// Every edit of a block (of every block, without one), oldest first, undone ones included.
    func history(of blockID: Int64?) throws -> [EditRecord]

    // MARK: Reading the whole

    /// Blocks of the pages' current readings whose text (corrected, else recognised)
    /// contains `query`, case-insensitively: the first `limit` found, shown in document,
    /// page and reading order.
    func search(_ query: String, limit: Int) throws -> [SearchHit]
    /// The recogniser's errors against every block someone corrected or marked reviewed.
    func accuracy() throws -> AccuracyReport
    /// Counts for every page that has a current reading, by document id and page number.
    func pageCounts(threshold: Double) throws -> [String: [Int: PageCounts]]
    /// Pages whose latest recognition failed, with its error.
    func latestFailures() throws -> [RunRecord]
    /// The document and page a block belongs to.
    func location(ofBlock blockID: Int64) throws -> (documentID: String, page: Int)?
    /// The documents (all, or those named by id), each page with its current reading.
    func exportDocuments(ids: [String]?) throws -> [ExportDocument]

    // MARK: Others at work

    /// Calls `changed`, on a thread of the store's, within a second or so of another
    /// process changing the store; nil for a store nobody else works in at once (a store
    /// file is one person's). Every change committed after it returns is heard (or, after
    /// a lost connection, `.everything`).
    func watch(_ changed: @escaping @Sendable (StoreChange) -> Void) -> (any StoreWatch)?
}

/// The everyday forms of the calls: now, by nobody in particular, everything.
extension TranscriptStore {
    @discardableResult
    public func addDocument(name: String, path: String, data: Data, pageCount: Int, fileModifiedAt: Double? = nil,
                            at time: Date = Date()) throws -> DocumentRecord {
        try addDocuments([NewDocument(id: DocumentRecord.id(of: data), name: name, path: path, byteCount: data.count,
                                      pageCount: pageCount, fileModifiedAt: fileModifiedAt)], at: time)[0]
    }

    @discardableResult
    public func addDocuments(_ documents: [NewDocument]) throws -> [DocumentRecord] { try addDocuments(documents, at: Date()) }

    @discardableResult
    public func recordRun(documentID: String, page: Int, engine: String, options: RecognitionOptions, startedAt: Date,
                          duration: Double, outcome: HandwritingResponse, requestID: String? = nil,
                          imageSize: (width: Int, height: Int)? = nil) throws -> RunRecord {
        try recordRuns([RunInput(documentID: documentID, page: page, engine: engine, options: options, startedAt: startedAt,
                                 duration: duration, outcome: outcome, requestID: requestID, imageSize: imageSize)])[0]
    }

    @discardableResult
    public func correct(blockID: Int64, text: String?, reviewed: Bool, by author: String? = nil,
                        expecting: CorrectionState? = nil) throws -> EditRecord {
        try correct(blockID: blockID, text: text, reviewed: reviewed, by: author, at: Date(), expecting: expecting)
    }

    @discardableResult
    public func undo(by author: String? = nil) throws -> EditRecord? { try undo(by: author, at: Date()) }

    @discardableResult
    public func redo(by author: String? = nil) throws -> EditRecord? { try redo(by: author, at: Date()) }

    public func history() throws -> [EditRecord] { try history(of: nil) }

    public func search(_ query: String) throws -> [SearchHit] { try search(query, limit: 200) }

    public func exportDocuments() throws -> [ExportDocument] { try exportDocuments(ids: nil) }
}
