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

    /// The recognizer; for `cloud`, `workers` is how many calls may be in flight.
    func make(workers: Int, cloud: CloudOptions) throws -> any Recognizer {
        if self == .cloud {
            let settings = try cloud.settings()
            for warning in settings.warnings { TerminalOutput.note("warning: " + warning) }
            return try CloudRecognizer(.init(settings: settings, concurrentRequests: workers))
        }
        // The user's own addresses, private ones included.
        let fetcher = ImageFetcher(allowPrivate: true)
        return try makeEmbedded(workers: workers, limits: .service, fetch: { url in try await fetcher.fetch(url) })
    }

    /// An engine in this process (not `cloud`). When PP-OCR's files are missing, `auto`
    /// says so and reads with Tesseract alone, so that the default engine always reads.
    func makeEmbedded(workers: Int, limits: ImageLimits, fetch: (@Sendable (URL) async throws -> Data)?) throws -> any Recognizer {
        switch self {
        case .auto:
            let tesseract = try TesseractRecognizer(.init(workers: workers, limits: limits, fetch: fetch))
            do {
                let paddle = try PaddleRecognizer(.init(workers: workers, limits: limits, fetch: fetch))
                return AutoRecognizer(paddle: paddle, tesseract: tesseract)
            } catch let error as PaddleSetupError {
                TerminalOutput.note("warning: \(error); reading with tesseract alone")
                return tesseract
            }
        case .ppocr:
            return try PaddleRecognizer(.init(workers: workers, limits: limits, fetch: fetch))
        case .tesseract, .cloud:
            return try TesseractRecognizer(.init(workers: workers, limits: limits, fetch: fetch))
        }
    }
}
