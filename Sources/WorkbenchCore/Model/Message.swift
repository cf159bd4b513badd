import TranscriptStore

/// Something that happened: a key, a resize, or the answer to an effect.
public enum Message: Equatable, Sendable {
    case key(Key)
    case resized(width: Int, height: Int)
    /// The terminal's cells are this many pixels now.
    case cellResized(PixelSize)

    /// Files read and registered: index in the list, document id, page count.
    case filesIdentified([FileIdentity])
    case fileUnreadable(file: Int, reason: String)
    case scanFinished
    /// The folder's files now, as `listFolder` found them.
    case folderListed([FileEntry])
    /// The terminal window got the focus back (the person may have added files meanwhile).
    case focusGained
    /// Page summaries by document id, page 1 first; nil for a page with no current reading.
    case summariesLoaded([String: [PageSummary?]], failures: [String: [Int: PageFailure]])
    case pageLoaded(LoadedPage, select: BlockChoice)
    case pageLoadFailed(PageRef, reason: String)

    /// A page's recognition began or ended (time: seconds since the shell started); a
    /// success brings the confidences of the new blocks.
    case recognitionStarted(PageRef, time: Double)
    case recognitionFinished(PageRef, Result<[Double], PageFailureBox>, time: Double)
    /// Pages the shell dropped from the queue when the batch was cancelled.
    case recognitionCancelled([PageRef])
    case cropRecognised(blockID: Int64, text: String, confidence: Double)
    case cropFailed(blockID: Int64, PageFailure)

    case saved(blockID: Int64)
    case saveFailed(blockID: Int64, reason: String)
    /// Nothing saved: someone else changed the line since it was shown.
    case saveConflict(SaveConflict)
    /// An undo or redo changed this block.
    case reverted(BlockChange, redo: Bool)
    case nothingToRevert(redo: Bool)

    case searchFinished(query: String, hits: [SearchResult])
    /// `skipped`: what ground truth left out, each with why.
    case exported(format: ExportFormat, files: Int, folder: String, skipped: [String] = [])
    case failed(String)
    /// Something the shell has to say that is not a failure.
    case notice(String)
    /// A picture the screen asked for is made: the next frame shows it.
    case pictureReady
    /// Other people changed the shared store (gathered over a moment).
    case storeChanged([StoreChange])
    /// Transcripts with the images that importing would change the store by (or that
    /// cannot be imported, with why).
    case transcriptsFound([FoundTranscript])
    case transcriptsImported(ImportReport)
    /// The terminal went away (SIGHUP: the ssh connection dropped) or the system asked the
    /// workbench to stop (SIGTERM).
    case stop
}

/// `PageFailure` as an `Error`, so outcomes can be `Result`s.
public struct PageFailureBox: Error, Equatable, Sendable {
    public var failure: PageFailure
    public init(_ failure: PageFailure) { self.failure = failure }
}

public struct FileIdentity: Equatable, Sendable {
    public var file: Int
    public var documentID: String
    public var pageCount: Int

    public init(file: Int, documentID: String, pageCount: Int) {
        self.file = file
        self.documentID = documentID
        self.pageCount = pageCount
    }
}

/// A block's correction as an undo or redo left it.
public struct BlockChange: Equatable, Sendable {
    public var blockID: Int64
    public var documentID: String
    public var page: Int
    public var text: String?
    public var reviewed: Bool

    public init(blockID: Int64, documentID: String, page: Int, text: String?, reviewed: Bool) {
        self.blockID = blockID
        self.documentID = documentID
        self.page = page
        self.text = text
        self.reviewed = reviewed
    }
}

/// A block whose text holds the query.
public struct SearchResult: Equatable, Sendable {
    public var documentID: String
    public var documentName: String
    public var page: Int
    public var blockID: Int64
    public var text: String

    public init(documentID: String, documentName: String, page: Int, blockID: Int64, text: String) {
        self.documentID = documentID
        self.documentName = documentName
        self.page = page
        self.blockID = blockID
        self.text = text
    }
}
