/// A transcript file to import, and the page image it is of.
public struct ImportJob: Equatable, Sendable {
    public var path: String
    /// The image: where the file's own name for it is wrong, or the page on screen.
    public var image: String?

    public init(path: String, image: String?) {
        self.path = path
        self.image = image
    }
}

/// A transcript another tool made (PAGE XML, ALTO, hOCR), found with the folder's images.
public struct FoundTranscript: Equatable, Sendable {
    public var job: ImportJob
    /// Its path from the workspace folder, as untrusted text.
    public var name: String
    /// Pages it would give the store.
    public var pages: Int
    /// The engine its runs would be recorded under (`import:tesseract`, …).
    public var engine: String
    /// Why it cannot be imported, when it cannot.
    public var problem: String?

    public init(job: ImportJob, name: String, pages: Int = 0, engine: String = "", problem: String? = nil) {
        self.job = job
        self.name = name
        self.pages = pages
        self.engine = engine
        self.problem = problem
    }
}

/// The offer made when transcripts are found with the images.
public struct ImportOffer: Equatable, Sendable {
    public var found: [FoundTranscript]
}

/// The prompt for a transcript of the page on screen.
public struct ImportPrompt: Equatable, Sendable {
    public var editor: LineEditor
    /// The image of the page on screen, which the transcript is taken to be of.
    public var image: String
}

/// What an import came to.
public struct ImportReport: Equatable, Sendable {
    /// Transcripts imported, and the documents they gave pages to.
    public var imported: [String] = []
    public var documents: Set<String> = []
    public var pages = 0
    /// Pages left as they were (corrected already, or the same reading).
    public var kept = 0
    /// Files refused, each "name: why".
    public var refused: [String] = []

    public init(imported: [String] = [], documents: Set<String> = [], pages: Int = 0, kept: Int = 0, refused: [String] = []) {
        self.imported = imported
        self.documents = documents
        self.pages = pages
        self.kept = kept
        self.refused = refused
    }
}
