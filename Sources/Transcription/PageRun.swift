import Foundation
import HandwritingAPI
import TranscriptStore

/// One page read by an engine: the answer, when it started, how long it took, and the
/// size of the image read. `quire recognize`, the workbench's queue (and later workers
/// on other machines) read and record pages with this, so a run records the same
/// things whichever front made it.
public struct PageRun: Sendable {
    public var response: HandwritingResponse
    public var startedAt: Date
    public var duration: TimeInterval
    /// From the image's header, when the page was bytes that probe.
    public var imageSize: (width: Int, height: Int)?

    public init(response: HandwritingResponse, startedAt: Date, duration: TimeInterval, imageSize: (width: Int, height: Int)?) {
        self.response = response
        self.startedAt = startedAt
        self.duration = duration
        self.imageSize = imageSize
    }

    /// Reads a page; a page that could not be had is a failed run with its error.
    public static func read(_ source: Result<ImageSource, ServiceError>, with recognizer: any Recognizer,
                            options: RecognitionOptions) async -> PageRun {
        let startedAt = Date()
        var imageSize: (width: Int, height: Int)?
        let response: HandwritingResponse
        switch source {
        case .failure(let error):
            response = .failure(error)
        case .success(let image):
            if case .bytes(let data) = image, case .success(let info) = ImageProbe.probe(data) { imageSize = (info.width, info.height) }
            do {
                response = .success(try await recognizer.recognize(RecognitionInput(source: image, options: options)))
            } catch {
                response = .failure(ServiceError.from(error))
            }
        }
        return PageRun(response: response, startedAt: startedAt, duration: Date().timeIntervalSince(startedAt), imageSize: imageSize)
    }

    /// Records the run as the page's newest reading.
    public func record(in store: any TranscriptStore, documentID: String, page: Int, engine: String, options: RecognitionOptions) throws {
        try store.recordRuns([input(documentID: documentID, page: page, engine: engine, options: options)])
    }

    /// The run as a store records it.
    public func input(documentID: String, page: Int, engine: String, options: RecognitionOptions) -> RunInput {
        RunInput(documentID: documentID, page: page, engine: engine, options: options, startedAt: startedAt, duration: duration,
                 outcome: response, imageSize: imageSize)
    }
}
