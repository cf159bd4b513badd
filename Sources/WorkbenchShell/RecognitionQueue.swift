import Foundation
import HandwritingAPI
import Synchronization
import TranscriptStore
import Transcription
import WorkbenchCore

/// Pages waiting to be recognised, and the workers reading them: at most `workers`
/// at once, each result recorded in the store before it is reported. Cancelling
/// empties the queue; pages being read finish and are kept.
final class RecognitionQueue: Sendable {
    private struct State {
        var waiting: [(job: PageJob, settings: RecognitionSettings)] = []
        var running = 0
    }

    private let state = Mutex(State())
    private let workers: Int
    private let store: any TranscriptStore
    private let images: PageSource
    private let engines: Engines
    private let clock: Clock
    private let post: @Sendable (Message) -> Void

    init(workers: Int, store: any TranscriptStore, images: PageSource, engines: Engines, clock: Clock,
         post: @escaping @Sendable (Message) -> Void) {
        self.workers = max(1, workers)
        self.store = store
        self.images = images
        self.engines = engines
        self.clock = clock
        self.post = post
    }

    func enqueue(_ jobs: [PageJob], settings: RecognitionSettings) {
        let start = state.withLock { state -> Int in
            state.waiting += jobs.map { ($0, settings) }
            let start = min(workers - state.running, state.waiting.count)
            state.running += start
            return start
        }
        for _ in 0..<max(0, start) {
            Task.detached { await self.work() }
        }
    }

    func cancel() {
        let dropped = state.withLock { state -> [PageRef] in
            defer { state.waiting.removeAll() }
            return state.waiting.map(\.job.ref)
        }
        post(.recognitionCancelled(dropped))
    }

    private func work() async {
        while let next = state.withLock({ state -> (job: PageJob, settings: RecognitionSettings)? in
            guard !state.waiting.isEmpty else {
                state.running -= 1
                return nil
            }
            return state.waiting.removeFirst()
        }) {
            post(.recognitionStarted(next.job.ref, time: clock.now))
            let outcome = await recognise(next.job, settings: next.settings)
            post(.recognitionFinished(next.job.ref, outcome, time: clock.now))
        }
    }

    /// Reads a page and records the run; the blocks' confidences on success.
    private func recognise(_ job: PageJob, settings: RecognitionSettings) async -> Result<[Double], PageFailureBox> {
        let run: PageRun
        do {
            let recognizer = try engines.recognizer(settings.engine)
            run = await PageRun.read(images.page(job.ref.page, of: job.path, document: job.documentID).map { .bytes($0) }, with: recognizer, options: settings.options)
        } catch {
            run = PageRun(response: .failure(ServiceError.from(error)), startedAt: Date(), duration: 0, imageSize: nil)
        }
        do {
            try run.record(in: store, documentID: job.documentID, page: job.ref.page, engine: settings.engine, options: settings.options)
        } catch {
            return .failure(PageFailureBox(PageFailure(code: "store", message: "the run could not be recorded: \(error)")))
        }
        switch run.response {
        case .success(let result): return .success(result.blocks.map(\.confidence))
        case .failure(let error): return .failure(PageFailureBox(failure(error)))
        }
    }
}

/// Seconds since the shell started: the time stamps of the messages.
struct Clock: Sendable {
    let start = DispatchTime.now().uptimeNanoseconds
    var now: Double { Double(DispatchTime.now().uptimeNanoseconds - start) / 1e9 }
}

/// The engines the workbench can use, made when first needed and kept.
public final class Engines: Sendable {
    public let names: [String]
    private let make: @Sendable (String) throws -> any Recognizer
    private let made = Mutex<[String: any Recognizer]>([:])

    public init(names: [String], make: @escaping @Sendable (String) throws -> any Recognizer) {
        self.names = names
        self.make = make
    }

    func recognizer(_ name: String) throws -> any Recognizer {
        try made.withLock { made in
            if let known = made[name] { return known }
            let new = try make(name)
            made[name] = new
            return new
        }
    }
}
