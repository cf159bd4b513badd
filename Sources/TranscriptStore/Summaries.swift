/// A page's current reading counted up: what the workbench's file list shows.
public struct PageCounts: Equatable, Sendable {
    public var blocks: Int
    public var confidenceSum: Double
    public var belowThreshold: Int
    /// Below the threshold and not yet reviewed.
    public var needingReview: Int
}

/// A block whose current text holds a search's query.
public struct SearchHit: Equatable, Sendable {
    public var documentId: String
    public var documentName: String
    public var page: Int
    public var position: Int
    public var blockId: Int64
    public var text: String
    public var corrected: Bool
}

extension TranscriptStore {
    /// A LIKE pattern that finds `query` anywhere, its own %, _ and \ taken literally (ESCAPE '\').
    static func likePattern(_ query: String) -> String {
        "%" + query.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "%", with: "\\%")
            .replacingOccurrences(of: "_", with: "\\_") + "%"
    }
}
