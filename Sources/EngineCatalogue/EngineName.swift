import AutoRecognizer
import CloudOCR
import Foundation
import HandwritingAPI
import ImageFetching
import PaddleRecognizer
import TesseractRecognizer

/// The engines Quire can read with, by the names every front uses (`--engine`, the
/// workbench's settings, `quire serve`, quire-bench), and how each is made.
public enum EngineName: String, CaseIterable, Sendable {
    /// PP-OCR or Tesseract, page by page (see AutoRecognizer): the default.
    case auto
    case ppocr
    case tesseract
    case cloud

    /// The engines that run in this process.
    public static let embedded: [EngineName] = [.auto, .ppocr, .tesseract]

    /// Pages at once when the person does not say: calls in flight for the cloud (8),
    /// else a worker per core, and no more workers than pages (a lone page is read
    /// faster by one worker whose model calls use every core).
    public func defaultWorkers(pages: Int? = nil) -> Int {
        if self == .cloud { return 8 }
        let cores = ProcessInfo.processInfo.activeProcessorCount
        return max(1, min(cores, pages ?? cores))
    }

    /// The recognizer. For `cloud`, `workers` is how many calls may be in flight and
    /// `cloud` gives its settings (read only then); `models` is the PP-OCR model set's
    /// folder (nil: the default set); `onePageAtATime` gives each PP-OCR call every
    /// core, for a front that often reads a single page. What the person should know
    /// (a cloud setting's warning, a missing model set) goes to `warn`.
    public func make(workers: Int, cloud: () throws -> CloudSettings, models: String?, onePageAtATime: Bool = false,
                     warn: (String) -> Void) throws -> any Recognizer {
        if self == .cloud {
            let settings = try cloud()
            settings.warnings.forEach(warn)
            return try CloudRecognizer(.init(settings: settings, concurrentRequests: workers))
        }
        // The user's own addresses, private ones included.
        let fetcher = ImageFetcher(allowPrivate: true)
        return try makeEmbedded(workers: workers, limits: .service, models: models, onePageAtATime: onePageAtATime,
                                fetch: { url in try await fetcher.fetch(url) }, warn: warn)
    }

    /// An engine in this process (not `cloud`). When PP-OCR's default files are missing,
    /// `auto` says so and reads with Tesseract alone, so that the default engine always
    /// reads; a model set named with `models` must be there.
    public func makeEmbedded(workers: Int, limits: ImageLimits = .service, models: String? = nil, onePageAtATime: Bool = false,
                             fetch: (@Sendable (URL) async throws -> Data)? = nil, warn: (String) -> Void = { _ in }) throws -> any Recognizer {
        let files = PaddleFiles(folder: PaddleFiles.standard.folder, models: models)
        let threads = onePageAtATime ? ProcessInfo.processInfo.activeProcessorCount : nil
        switch self {
        case .auto:
            let makeTesseract = { @Sendable () throws -> any Recognizer in
                try TesseractRecognizer(.init(workers: workers, limits: limits, fetch: fetch))
            }
            do {
                let paddle = try PaddleRecognizer(.init(workers: workers, files: files, limits: limits, fetch: fetch, threadsPerCall: threads))
                return AutoRecognizer(paddle: paddle, makeTesseract: makeTesseract)
            } catch let error as PaddleSetupError where models == nil {
                warn("\(error); reading with tesseract alone")
                return try makeTesseract()
            }
        case .ppocr:
            return try PaddleRecognizer(.init(workers: workers, files: files, limits: limits, fetch: fetch, threadsPerCall: threads))
        case .tesseract, .cloud:
            return try TesseractRecognizer(.init(workers: workers, limits: limits, fetch: fetch))
        }
    }
}
