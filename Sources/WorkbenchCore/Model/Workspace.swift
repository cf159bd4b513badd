import HandwritingAPI
import TranscriptStore

/// A page of a file in the list: file index and page number (from 1).
public struct PageRef: Hashable, Sendable, Comparable {
    public var file: Int
    public var page: Int

    public init(file: Int, page: Int) {
        self.file = file
        self.page = page
    }

    public static func < (a: PageRef, b: PageRef) -> Bool { (a.file, a.page) < (b.file, b.page) }
}

/// What the store knows of a page's current reading.
public struct PageSummary: Equatable, Sendable {
    public var blockCount: Int
    public var confidenceSum: Double
    /// Blocks below the review threshold not yet reviewed.
    public var needingReview: Int
    /// Blocks below the review threshold, reviewed or not.
    public var belowThreshold: Int

    public init(blockCount: Int = 0, confidenceSum: Double = 0, needingReview: Int = 0, belowThreshold: Int = 0) {
        self.blockCount = blockCount
        self.confidenceSum = confidenceSum
        self.needingReview = needingReview
        self.belowThreshold = belowThreshold
    }
}

/// Why a page could not be recognised: the contract's code and message.
public struct PageFailure: Equatable, Sendable {
    public var code: String
    public var message: String
    public var requestID: String?

    public init(code: String, message: String, requestID: String? = nil) {
        self.code = code
        self.message = message
        self.requestID = requestID
    }
}

/// Where a page stands.
public enum PageState: Equatable, Sendable {
    case new
    case queued
    case recognising
    case done(PageSummary)
    case failed(PageFailure)

    public var summary: PageSummary? {
        if case .done(let summary) = self { summary } else { nil }
    }
}

/// An image or document in the workspace folder.
public struct FileEntry: Equatable, Sendable {
    /// The file's name, as untrusted text (it is escaped when drawn).
    public var name: String
    public var path: String
    /// The SHA-256 the store knows it by; nil until it has been read.
    public var documentID: String?
    /// Why it could not be read, when it could not.
    public var unreadable: String?
    /// One state per page; empty until the file has been read.
    public var pages: [PageState] = []
    /// The page shown when the file is selected.
    public var shownPage = 1

    public init(name: String, path: String) {
        self.name = name
        self.path = path
    }

    public enum Status: Equatable, Sendable {
        case scanning, new, queued, recognising, done, partly, failed(String), unreadable
    }

    public var status: Status {
        if unreadable != nil { return .unreadable }
        if documentID == nil { return .scanning }
        if pages.contains(.recognising) { return .recognising }
        if pages.contains(.queued) { return .queued }
        if let failure = pages.lazy.compactMap({ if case .failed(let f) = $0 { f } else { nil } }).first { return .failed(failure.code) }
        let done = pages.filter { $0.summary != nil }.count
        return done == pages.count ? .done : done == 0 ? .new : .partly
    }

    /// The file's pages added up.
    public var summary: PageSummary {
        pages.reduce(into: PageSummary()) { total, page in
            guard let s = page.summary else { return }
            total.blockCount += s.blockCount
            total.confidenceSum += s.confidenceSum
            total.needingReview += s.needingReview
            total.belowThreshold += s.belowThreshold
        }
    }
}

/// A block of the page on screen.
public struct PageBlock: Equatable, Sendable {
    public var id: Int64
    public var recognised: String
    public var corrected: String?
    public var reviewed: Bool
    public var confidence: Double
    public var polygon: [Point]

    public init(id: Int64, recognised: String, corrected: String? = nil, reviewed: Bool = false, confidence: Double, polygon: [Point]) {
        self.id = id
        self.recognised = recognised
        self.corrected = corrected
        self.reviewed = reviewed
        self.confidence = confidence
        self.polygon = polygon
    }

    public var text: String { corrected ?? recognised }
    /// The correction as shown: what a save expects the store still to hold.
    public var state: CorrectionState { CorrectionState(text: corrected, reviewed: reviewed) }

    public func needsReview(threshold: Double) -> Bool { confidence < threshold && !reviewed }

    public var box: Rect {
        let xs = polygon.map(\.x), ys = polygon.map(\.y)
        return Rect(x0: xs.min() ?? 0, y0: ys.min() ?? 0, x1: xs.max() ?? 0, y1: ys.max() ?? 0)
    }
}

/// A page image reduced for the preview: grey levels, and the size it came from.
public struct Thumbnail: Equatable, Sendable {
    public var width: Int
    public var height: Int
    /// Row-major grey levels, 0 black to 255 white.
    public var pixels: [UInt8]
    /// Pixels darker than this are ink.
    public var inkBelow: UInt8
    public var sourceWidth: Int
    public var sourceHeight: Int

    public init(width: Int, height: Int, pixels: [UInt8], inkBelow: UInt8, sourceWidth: Int, sourceHeight: Int) {
        self.width = width
        self.height = height
        self.pixels = pixels
        self.inkBelow = inkBelow
        self.sourceWidth = sourceWidth
        self.sourceHeight = sourceHeight
    }
}

/// The page on screen, as loaded from the store.
public struct LoadedPage: Equatable, Sendable {
    public var ref: PageRef
    public var blocks: [PageBlock]
    public var thumbnail: Thumbnail?

    public init(ref: PageRef, blocks: [PageBlock], thumbnail: Thumbnail?) {
        self.ref = ref
        self.blocks = blocks
        self.thumbnail = thumbnail
    }
}
