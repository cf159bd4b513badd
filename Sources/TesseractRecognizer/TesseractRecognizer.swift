import Foundation
import EngineThreads
import HandwritingAPI

/// The embedded engine: Tesseract in this process, one model set per worker thread,
/// loaded once. It answers the contract exactly as the service does.
public final class TesseractRecognizer: Recognizer {
    public struct Configuration: Sendable {
        /// Worker threads, each with its own models; one per core by default.
        public var workers: Int
        /// Folder of `.traineddata` files; nil for Tesseract's own default.
        public var dataPath: String?
        public var limits: ImageLimits
        /// How a `url` input is fetched; without it such input fails with ModelArts.4603.
        public var fetch: (@Sendable (URL) async throws -> Data)?

        public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, dataPath: String? = nil,
                    limits: ImageLimits = .service, fetch: (@Sendable (URL) async throws -> Data)? = nil) {
            self.workers = workers
            self.dataPath = dataPath
            self.limits = limits
            self.fetch = fetch
        }
    }

    private let pool: WorkerPool<TesseractWorker>
    private let configuration: Configuration

    public init(_ configuration: Configuration = .init()) throws {
        self.configuration = configuration
        let dataPath = configuration.dataPath
        pool = try WorkerPool(size: configuration.workers, name: "tesseract") { try TesseractWorker(dataPath: dataPath) }
    }

    public var workers: Int { pool.size }

    public func recognize(_ input: RecognitionInput) async throws -> HandwritingResult {
        let data = try await input.imageBytes(limits: configuration.limits, fetch: configuration.fetch)
        let options = input.options
        let blocks = try await pool.run { worker in try worker.recognize(data, options: options) }
        return HandwritingResult(blocks: blocks)
    }
}
