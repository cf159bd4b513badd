import HandwritingAPI
import TranscriptStore

/// A page to recognise: where it is and what the store knows it by.
public struct PageJob: Equatable, Sendable {
    public var ref: PageRef
    public var path: String
    public var documentID: String

    public init(ref: PageRef, path: String, documentID: String) {
        self.ref = ref
        self.path = path
        self.documentID = documentID
    }
}

/// Which block to select once a page has loaded.
public enum BlockChoice: Equatable, Sendable {
    case first
    case firstNeedingReview
    case lastNeedingReview
    case block(Int64)
    /// The same position as before (a page read again).
    case index(Int)
}

/// The recognition settings the person picked.
public struct RecognitionSettings: Equatable, Sendable {
    public var engine: String
    public var options: RecognitionOptions

    public init(engine: String, options: RecognitionOptions = RecognitionOptions()) {
        self.engine = engine
        self.options = options
    }
}

/// Work for the shell, described as data: `update` returns these, the shell carries
/// them out off the interface's thread and answers with messages.
public enum Effect: Equatable, Sendable {
    /// Summaries of every page the store knows, counted against this review threshold.
    case loadSummaries(threshold: Double)
    /// The folder listed again, to find files added (or taken away) since it was read.
    case listFolder
    /// Files read and registered in the store; the first is the list's file `from`.
    case identify([FileEntry], from: Int)
    /// A page's blocks and preview.
    case loadPage(PageJob, select: BlockChoice)
    case recognise([PageJob], RecognitionSettings)
    case cancelRecognition
    /// Reads one block's box again with quick_mode (a single line).
    case recogniseCrop(PageJob, blockID: Int64, box: Rect, RecognitionSettings)
    /// Sets a block's correction (nil: the recognised text stands) and reviewed mark, if
    /// the store still holds `expecting` (the block as shown) where one is given.
    case save(blockID: Int64, text: String?, reviewed: Bool, expecting: CorrectionState?)
    case undo
    case redo
    case search(String)
    case export(format: ExportFormat, folder: String)
    /// Transcripts (PAGE XML, ALTO, hOCR) beside these images or in the folder's
    /// `page/`, `alto/` or `hocr/` folder.
    case findTranscripts(images: [String])
    case importTranscripts([ImportJob])
    /// The settings to start with next time in this workspace.
    case remember(WorkspaceSettings)
    case quit
}
