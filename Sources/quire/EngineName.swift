import ArgumentParser
import AutoRecognizer
import CloudOCR
import Foundation
import HandwritingAPI
import PaddleRecognizer
import TesseractRecognizer

/// The recognizers a command can use.
enum EngineName: String, ExpressibleByArgument, CaseIterable {
    /// PP-OCR or Tesseract, page by page (see AutoRecognizer): the default.
    case auto
    case ppocr
    case tesseract
    case cloud

    /// The recognizer; for `cloud`, `workers` is how many calls may be in flight;
    /// `models` is the PP-OCR model set's folder (nil: the default set); `onePageAtATime`
    /// gives each PP-OCR call every core, for a front that often reads a single page.
    func make(workers: Int, cloud: CloudOptions, models: String?, onePageAtATime: Bool = false) throws -> any Recognizer {
        if self == .cloud {
            let settings = try cloud.settings()
            for warning in settings.warnings { TerminalOutput.note("warning: " + warning) }
            return try CloudRecognizer(.init(settings: settings, concurrentRequests: workers))
        }
        // The user's own addresses, private ones included.
        let fetcher = ImageFetcher(allowPrivate: true)
        return try makeEmbedded(workers: workers, limits: .service, models: models, onePageAtATime: onePageAtATime,
                                fetch: { url in try await fetcher.fetch(url) })
    }

    /// An engine in this process (not `cloud`). When PP-OCR's default files are missing,
    /// `auto` says so and reads with Tesseract alone, so that the default engine always
    /// reads; a model set named with `models` must be there.
    func makeEmbedded(workers: Int, limits: ImageLimits, models: String?, onePageAtATime: Bool = false,
                      fetch: (@Sendable (URL) async throws -> Data)?) throws -> any Recognizer {
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
                TerminalOutput.note("warning: \(error); reading with tesseract alone")
                return try makeTesseract()
            }
        case .ppocr:
            return try PaddleRecognizer(.init(workers: workers, files: files, limits: limits, fetch: fetch, threadsPerCall: threads))
        case .tesseract, .cloud:
            return try TesseractRecognizer(.init(workers: workers, limits: limits, fetch: fetch))
        }
    }
}

/// `--models DIR`, for every command that reads with an embedded engine.
struct ModelOption: ParsableArguments {
    @Option(help: ArgumentHelp("""
        A PP-OCR model set for ppocr and auto: a folder holding a detection, a recognition and an orientation \
        model (.onnx files named …_det_…, …_rec_…, …_cls_…), or the name of a set in Quire's data folder \
        (default: PP-OCRv6_small, which scripts/setup brings).
        """, valueName: "dir"))
    var models: String?

    /// The set's folder: the path given, or a set of that name in the data folder.
    var folder: String? {
        guard let models else { return nil }
        if models.contains("/") || FileManager.default.fileExists(atPath: models) { return WorkspaceFiles.absolute(models) }
        return (PaddleFiles.standard.folder as NSString).appendingPathComponent(models)
    }
}
