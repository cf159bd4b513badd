import EngineThreads
import Foundation
import HandwritingAPI

/// The PP-OCR engine: PaddleOCR's PP-OCRv4 detection, orientation and recognition
/// models on ONNX Runtime, in this process, one set of sessions per worker thread.
/// It answers the contract exactly as the service does.
public final class PaddleRecognizer: Recognizer {
    public struct Configuration: Sendable {
        /// Worker threads, each with its own sessions; one per core by default.
        public var workers: Int
        /// Where the runtime and the models are.
        public var files: PaddleFiles
        public var limits: ImageLimits
        /// How a `url` input is fetched; without it such input fails with ModelArts.4603.
        public var fetch: (@Sendable (URL) async throws -> Data)?
        /// The longest side the detector sees (larger pages are scaled down for it).
        public var detectionSide: Int

        public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, files: PaddleFiles = .standard,
                    limits: ImageLimits = .service, fetch: (@Sendable (URL) async throws -> Data)? = nil,
                    detectionSide: Int = 1600) {
            self.workers = workers
            self.files = files
            self.limits = limits
            self.fetch = fetch
            self.detectionSide = detectionSide
        }
    }

    private let pool: WorkerPool<PaddleWorker>
    private let configuration: Configuration
    /// The ONNX Runtime version loaded.
    public let runtimeVersion: String

    /// Loads ONNX Runtime (once per process) and the models (once per worker); throws
    /// `PaddleSetupError`, whose message names the set-up command, when files are missing.
    public init(_ configuration: Configuration = .init()) throws {
        self.configuration = configuration
        let runtime = try OnnxRuntime.shared(libraryPath: configuration.files.runtime)
        runtimeVersion = runtime.version
        let files = configuration.files
        var detection = TextDetector.Settings()
        detection.longestSide = configuration.detectionSide
        let settings = detection
        pool = try WorkerPool(size: configuration.workers, name: "ppocr") {
            try PaddleWorker(runtime: runtime, files: files, detection: settings)
        }
    }

    public var workers: Int { pool.size }

    public func recognize(_ input: RecognitionInput) async throws -> HandwritingResult {
        let data = try await input.imageBytes(limits: configuration.limits, fetch: configuration.fetch)
        let options = input.options
        let blocks = try await pool.run { worker in try worker.recognize(data, options: options) ?? [] }
        return HandwritingResult(blocks: blocks)
    }

    /// Recognises the page unless `handOver`, shown a survey of a sample of its lines
    /// (pages only: quick mode reads the whole image as one line and asks nothing),
    /// answers true; then nil, and the page is someone else's to read.
    public func recognize(_ input: RecognitionInput, handOver: @escaping HandOver) async throws -> HandwritingResult? {
        let data = try await input.imageBytes(limits: configuration.limits, fetch: configuration.fetch)
        let options = input.options
        let blocks = try await pool.run { worker in try worker.recognize(data, options: options, handOver: handOver) }
        return blocks.map(HandwritingResult.init(blocks:))
    }
}

extension OnnxRuntime {
    private static let loaded = LockedRuntime()

    /// The process's one runtime: ONNX Runtime keeps a single environment per process,
    /// so every engine shares it (and its thread pool, one thread per core).
    static func shared(libraryPath: String) throws(PaddleSetupError) -> OnnxRuntime {
        try loaded.get(libraryPath)
    }
}

private final class LockedRuntime: @unchecked Sendable {
    private let lock = NSLock()
    private var runtime: OnnxRuntime?

    func get(_ path: String) throws(PaddleSetupError) -> OnnxRuntime {
        lock.lock()
        defer { lock.unlock() }
        if let runtime { return runtime }
        let made = try OnnxRuntime(libraryPath: path, threads: ProcessInfo.processInfo.activeProcessorCount)
        runtime = made
        return made
    }
}

