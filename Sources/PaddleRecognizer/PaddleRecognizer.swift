import EngineThreads
import Foundation
import HandwritingAPI
import Synchronization

/// The PP-OCR engine: a PaddleOCR model set (detection, orientation and recognition;
/// PP-OCRv6 small by default) on ONNX Runtime, in this process, one set of sessions
/// per worker thread. It answers the contract exactly as the service does.
public final class PaddleRecognizer: Recognizer {
    public struct Configuration: Sendable {
        /// Worker threads, each with its own sessions; one per core by default.
        public var workers: Int
        /// Where the runtime and the model set are.
        public var files: PaddleFiles
        public var limits: ImageLimits
        /// How a `url` input is fetched; without it such input fails with ModelArts.4603.
        public var fetch: (@Sendable (URL) async throws -> Data)?
        /// Threads each model call may use. nil: the cores each worker has to itself, best
        /// for a batch that keeps every worker busy; every core, best for one page at a
        /// time. (Throwaway timings on 2 cores during development: quire recognize
        /// --quick-mode on 41 lines took 1.12 s with a thread a call and 1.22 s with two;
        /// quire-bench memory's 4000 x 3000 page 6.4 s with two and 10.2 s with one.)
        public var threadsPerCall: Int?

        public init(workers: Int = ProcessInfo.processInfo.activeProcessorCount, files: PaddleFiles = .standard,
                    limits: ImageLimits = .service, fetch: (@Sendable (URL) async throws -> Data)? = nil,
                    threadsPerCall: Int? = nil) {
            self.workers = workers
            self.files = files
            self.limits = limits
            self.fetch = fetch
            self.threadsPerCall = threadsPerCall
        }
    }

    private let pool: WorkerPool<PaddleWorker>
    private let configuration: Configuration
    /// The ONNX Runtime version loaded.
    public let runtimeVersion: String
    /// The model set read with.
    public let models: ModelSet

    /// Loads ONNX Runtime (once per process) and the models (once per worker); throws
    /// `PaddleSetupError`, whose message names the set-up command, when files are missing.
    public init(_ configuration: Configuration = .init()) throws {
        self.configuration = configuration
        // The first engine made in a process sizes the runtime's one thread pool.
        let cores = ProcessInfo.processInfo.activeProcessorCount
        let runtime = try OnnxRuntime.shared(libraryPath: configuration.files.runtime,
                                             threads: configuration.threadsPerCall ?? max(1, cores / max(1, configuration.workers)))
        runtimeVersion = runtime.version
        let models = try configuration.files.modelSet()
        self.models = models
        pool = try WorkerPool(size: configuration.workers, name: "ppocr") {
            try PaddleWorker(runtime: runtime, models: models)
        }
    }

    public var workers: Int { pool.size }

    public func recognize(_ input: RecognitionInput) async throws -> HandwritingResult {
        let data = try await input.imageBytes(limits: configuration.limits, fetch: configuration.fetch)
        let options = input.options
        let outcome = try await pool.run { worker in try worker.recognize(data, options: options) }
        guard case .blocks(let blocks) = outcome else { return HandwritingResult(blocks: []) }
        return HandwritingResult(blocks: blocks)
    }

    /// A page read, or offered to another engine with what PP-OCR found so far.
    public enum Outcome: Sendable {
        case read(HandwritingResult)
        case offered(OfferedPage)
    }

    /// A page PP-OCR found the lines of and read a sample of, held while another engine
    /// is asked; `finish` reads the rest without finding them again.
    public struct OfferedPage: @unchecked Sendable {
        // Plain values (the page's pixels, boxes and lines), handed from one worker to another.
        fileprivate let part: PaddleWorker.PartRead
    }

    /// Recognises the page unless `handOver`, shown a survey of a sample of its lines
    /// (pages only: quick mode reads the whole image as one line and asks nothing),
    /// answers true; then the page is offered, for another engine or for `finish`.
    public func recognize(_ input: RecognitionInput, offering handOver: @escaping HandOver) async throws -> Outcome {
        let data = try await input.imageBytes(limits: configuration.limits, fetch: configuration.fetch)
        let options = input.options
        let outcome = try await pool.run { worker in
            switch try worker.recognize(data, options: options, handOver: handOver) {
            case .blocks(let blocks): return Outcome.read(HandwritingResult(blocks: blocks))
            case .offered(let part): return Outcome.offered(OfferedPage(part: part))
            }
        }
        return outcome
    }

    /// Reads the rest of an offered page.
    public func finish(_ page: OfferedPage) async throws -> HandwritingResult {
        let blocks = try await pool.run { worker in
            // A page read through `recognize(_:options:handOver:)` is handed back there.
            defer { worker.handBackMemory() }
            do {
                return try worker.finish(page.part)
            } catch {
                throw ServiceError.recognitionFailed.explained(String(describing: error))
            }
        }
        return HandwritingResult(blocks: blocks)
    }
}

extension OnnxRuntime {
    private static let loaded = Mutex<OnnxRuntime?>(nil)

    /// The process's one runtime: ONNX Runtime keeps a single environment per process,
    /// so every engine shares it and its thread pool; the first engine made sizes the pool.
    static func shared(libraryPath: String, threads: Int) throws(PaddleSetupError) -> OnnxRuntime {
        try loaded.withLock { runtime throws(PaddleSetupError) in
            if let runtime { return runtime }
            let made = try OnnxRuntime(libraryPath: libraryPath, threads: threads)
            runtime = made
            return made
        }
    }
}
