import Foundation
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
        let data: Data
        switch input.source {
        case .bytes(let bytes):
            data = bytes
        case .url(let address):
            guard let fetch = configuration.fetch else {
                throw ServiceError.urlFetchFailed.explained("this engine was set up without a way to fetch addresses")
            }
            do {
                data = try await fetch(address)
            } catch let error as ServiceError {
                throw error
            } catch {
                throw ServiceError.urlFetchFailed.explained(String(describing: error))
            }
        }
        _ = try ImageValidation.check(data, limits: configuration.limits)
        let options = input.options
        let blocks = try await pool.run { worker in try worker.recognize(data, options: options) }
        return HandwritingResult(blocks: blocks)
    }
}
