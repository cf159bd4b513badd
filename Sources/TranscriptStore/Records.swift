import Crypto
import Foundation
import HandwritingAPI

/// A document, identified by the SHA-256 of its bytes: renamed or moved, it keeps its work.
public struct DocumentRecord: Codable, Equatable, Sendable {
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
public struct PageRecord: Codable, Equatable, Sendable {
    public var documentId: String
    public var number: Int
    public var currentRunId: Int64?
}

/// One recognition of one page: what was asked, how it went, what came back.
public struct RunRecord: Codable, Equatable, Sendable {
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
}

/// One line a run read.
public struct BlockRecord: Codable, Equatable, Sendable {
    public var id: Int64?
    public var runId: Int64
    /// Reading order within the run, from 0.
    public var position: Int
    public var text: String
    public var confidence: Double
    /// The four `[x, y]` vertices as JSON.
    public var polygon: String
}

/// The person's version of a block: corrected text (nil: the recognised text stands) and
/// whether it has been reviewed.
public struct CorrectionRecord: Codable, Equatable, Sendable {
    public var blockId: Int64
    public var text: String?
    public var reviewed: Bool
    public var updatedAt: Date
}

/// One edit, kept for good: undo, redo and "who changed what when".
public struct EditRecord: Codable, Equatable, Sendable {
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
}

extension BlockRecord {
    /// The polygon's vertices.
    public var points: [Point] { Self.points(polygon) }

    /// `[[x,y],…]` as the store writes it, read without a JSON decoder (one per block adds up).
    static func points(_ json: String) -> [Point] {
        let numbers = json.split { !($0.isNumber || $0 == "-") }.compactMap { Int($0) }
        return stride(from: 0, to: numbers.count - 1, by: 2).map { Point(x: numbers[$0], y: numbers[$0 + 1]) }
    }
}

extension DocumentRecord {
    /// A document's id: the lower-case hex SHA-256 of its bytes.
    public static func id(of data: Data) -> String {
        SHA256.hash(data: data).map { String(format: "%02x", $0) }.joined()
    }
}

/// A file to register, already hashed.
public struct NewDocument: Sendable {
    public var id: String
    public var name: String
    public var path: String
    public var byteCount: Int
    public var pageCount: Int
    public var fileModifiedAt: Double?

    public init(id: String, name: String, path: String, byteCount: Int, pageCount: Int, fileModifiedAt: Double? = nil) {
        self.id = id
        self.name = name
        self.path = path
        self.byteCount = byteCount
        self.pageCount = pageCount
        self.fileModifiedAt = fileModifiedAt
    }
}

/// A recognition of one page, to be recorded.
public struct RunInput: Sendable {
    public var documentID: String
    public var page: Int
    public var engine: String
    public var options: RecognitionOptions
    public var startedAt: Date
    public var duration: Double
    public var outcome: HandwritingResponse
    public var requestID: String?
    public var imageSize: (width: Int, height: Int)?

    public init(documentID: String, page: Int, engine: String, options: RecognitionOptions, startedAt: Date, duration: Double,
                outcome: HandwritingResponse, requestID: String? = nil, imageSize: (width: Int, height: Int)? = nil) {
        self.documentID = documentID
        self.page = page
        self.engine = engine
        self.options = options
        self.startedAt = startedAt
        self.duration = duration
        self.outcome = outcome
        self.requestID = requestID
        self.imageSize = imageSize
    }

    /// The run as stored, before it has an id: what was asked and how it went.
    var record: RunRecord {
        var run = RunRecord(id: nil, documentId: documentID, pageNumber: page, engine: engine,
                            options: #"{"quick_mode": \#(options.quickMode), "char_set": "\#(options.charSet.rawValue)", "detect_direction": \#(options.detectDirection)}"#,
                            startedAt: startedAt, duration: duration, succeeded: false,
                            response: ContractJSON.text(outcome), errorCode: nil, errorMessage: nil, requestId: requestID,
                            imageWidth: imageSize?.width, imageHeight: imageSize?.height)
        switch outcome {
        case .success: run.succeeded = true
        case .failure(let error):
            run.errorCode = error.code
            run.errorMessage = error.message
            run.requestId = requestID ?? error.requestID
        }
        return run
    }

    /// The lines read, in reading order; none for a failed run.
    var blocks: [WordsBlock] {
        if case .success(let result) = outcome { return result.blocks }
        return []
    }
}

/// A block as a person reviews it: what was read and what they made of it.
public struct ReviewBlock: Equatable, Sendable {
    public var block: BlockRecord
    public var correction: CorrectionRecord?
    /// The corrected text where there is one, else the recognised text.
    public var text: String { correction?.text ?? block.text }
    public var reviewed: Bool { correction?.reviewed ?? false }
}
