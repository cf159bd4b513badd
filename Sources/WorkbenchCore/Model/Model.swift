import HandwritingAPI
import TranscriptStore

/// The panes that take focus, in Tab order.
public enum Pane: CaseIterable, Equatable, Sendable {
    case files, blocks, preview
}

/// A running batch of recognitions, for the progress bar.
public struct Batch: Equatable, Sendable {
    public var total: Int
    public var finished = 0
    public var failed = 0
    public var startedAt: Double?
    public var lastFinishedAt: Double?
    public var cancelling = false

    public init(total: Int) { self.total = total }

    /// Pages a second since the first one started.
    public var rate: Double? {
        guard let start = startedAt, let last = lastFinishedAt, last > start, finished > 0 else { return nil }
        return Double(finished) / (last - start)
    }
}

/// A line for the status bar: a notice, or an error with its code and request id.
public struct StatusMessage: Equatable, Sendable {
    public var text: String
    public var isError: Bool

    public static func notice(_ text: String) -> StatusMessage { StatusMessage(text: text, isError: false) }
    public static func error(_ text: String) -> StatusMessage { StatusMessage(text: text, isError: true) }
}

/// The inline editor open on a block.
public struct EditSession: Equatable, Sendable {
    public var blockID: Int64
    public var editor: LineEditor
    /// The block's correction when editing began: someone else's save meanwhile is a
    /// conflict to settle, not something to overwrite.
    public var shown: CorrectionState?

    public init(blockID: Int64, editor: LineEditor, shown: CorrectionState? = nil) {
        self.blockID = blockID
        self.editor = editor
        self.shown = shown
    }
}

/// A save that met a line someone else changed since it was shown.
public struct SaveConflict: Equatable, Sendable {
    public var blockID: Int64
    public var mine: CorrectionState
    public var theirs: CorrectionState
    /// Who saved theirs, where known.
    public var author: String?
    /// What a correction of nil text stands for.
    public var recognised: String

    public init(blockID: Int64, mine: CorrectionState, theirs: CorrectionState, author: String?, recognised: String) {
        self.blockID = blockID
        self.mine = mine
        self.theirs = theirs
        self.author = author
        self.recognised = recognised
    }
}

public struct SearchResults: Equatable, Sendable {
    public var query: String
    public var hits: [SearchResult]
    public var selected = 0
    public var pending = true
}

public struct ExportDialog: Equatable, Sendable {
    public enum Row: Equatable, Sendable { case format, folder }
    public var format = ExportFormat.page  // PAGE XML: what transcription tools exchange
    public var folder = LineEditor("export")
    public var row = Row.format
}

public struct SettingsDialog: Equatable, Sendable {
    /// The settings, in the order the dialog lists them.
    public enum Row: CaseIterable, Equatable, Sendable {
        case engine, quickMode, charSet, detectDirection, threshold

        public var label: String {
            switch self {
            case .engine: "engine"
            case .quickMode: "quick_mode"
            case .charSet: "char_set"
            case .detectDirection: "detect_direction"
            case .threshold: "review threshold"
            }
        }
    }
    public var row = Row.engine
}

/// What has the keyboard besides the panes.
public enum Mode: Equatable, Sendable {
    case normal
    case editing(EditSession)
    case searchPrompt(LineEditor)
    case searchResults(SearchResults)
    case export(ExportDialog)
    case settings(SettingsDialog)
    case help
    /// Someone else saved the line meanwhile: keep mine, take theirs, or edit again.
    case conflict(SaveConflict)
    /// Transcripts found with the images: import them or not.
    case importOffer(ImportOffer)
    case importPrompt(ImportPrompt)
}

/// Everything the workbench shows and knows; `update` changes it, `view` draws it.
public struct Model: Equatable, Sendable {
    public var workspace: String
    public var storePath: String
    public var files: [FileEntry]
    /// Files by document id (two files with the same bytes are one document).
    public var filesOfDocument: [String: [Int]] = [:]
    public var selectedFile = 0
    public var page: LoadedPage?
    /// Index into `page.blocks`.
    public var selectedBlock = 0
    public var focus = Pane.files
    public var mode = Mode.normal
    public var settings: RecognitionSettings
    /// Engines the shell can run, in the order the settings cycle through them.
    public var engines: [String]
    public var threshold: Double
    /// Show only the blocks that need review.
    public var reviewFilter = false
    /// Show what was recognised instead of the corrections.
    public var showRecognised = false
    /// The preview shows the selected block close up.
    public var zoomed = false
    /// How pictures are drawn, and the terminal's cell size.
    public var graphics: Graphics
    /// How far the strip is panned along a long block (half-strip steps), for that block only.
    public var stripPan: StripPan?
    public var theme: Theme
    public var width = 80
    public var height = 24
    public var batch: Batch?
    /// Transcripts other tools made, found with the images and not imported yet.
    public var transcripts: [FoundTranscript] = []
    /// Those offered already: the offer is made once for each.
    public var offeredTranscripts: Set<String> = []
    public var status: StatusMessage?
    public var scanning = true
    public var quitting = false

    public init(workspace: String, storePath: String, files: [FileEntry], settings: RecognitionSettings, engines: [String],
                threshold: Double = 0.8, theme: Theme = .monochrome, graphics: Graphics = Graphics(mode: .braille)) {
        self.workspace = workspace
        self.storePath = storePath
        self.files = files
        self.settings = settings
        self.engines = engines
        self.threshold = threshold
        self.theme = theme
        self.graphics = graphics
    }


    /// The page the selection points at.
    public var currentRef: PageRef? {
        files.indices.contains(selectedFile) ? PageRef(file: selectedFile, page: files[selectedFile].shownPage) : nil
    }

    /// The loaded page, if it is the one selected.
    public var currentPage: LoadedPage? {
        guard let page, page.ref == currentRef else { return nil }
        return page
    }

    public var selected: PageBlock? {
        guard let page = currentPage, page.blocks.indices.contains(selectedBlock) else { return nil }
        return page.blocks[selectedBlock]
    }

    /// Indices of the blocks the list shows: all, or with the filter on those needing review
    /// (and the selected one, so the selection never vanishes under the person's eyes).
    public var visibleBlocks: [Int] {
        guard let page = currentPage else { return [] }
        guard reviewFilter else { return Array(page.blocks.indices) }
        return page.blocks.indices.filter { page.blocks[$0].needsReview(threshold: threshold) || $0 == selectedBlock }
    }

    public func job(for ref: PageRef) -> PageJob? {
        guard files.indices.contains(ref.file), let id = files[ref.file].documentID else { return nil }
        return PageJob(ref: ref, path: files[ref.file].path, documentID: id)
    }

    public var isEditing: Bool {
        if case .editing = mode { true } else { false }
    }

    /// Rows the file list and block list show at this screen size (for page up and down).
    public var listRows: Int { max(1, height - 6) }
}
