import Foundation
import HandwritingAPI
import TranscriptStore

/// Drains a shared store's queue (`quire work`). Each job leases a page, reads it from
/// the store's copy of its document, records the run as `quire recognize` does (one
/// transaction with the page marked done), and renews its lease while the engine reads.
/// A page that failed with "not now" (a throttled or unavailable cloud) goes back for a
/// later try, up to `attempts` leases; any other failure is recorded with the contract's
/// code and the page marked failed.
public struct QueueWorker: Sendable {
    public var queue: any WorkQueue
    public var recognizer: any Recognizer
    public var engine: String
    public var options: RecognitionOptions
    /// Seconds a lease lasts unrenewed: a worker that died lets its page go after this.
    public var lease: TimeInterval
    /// Says whose leases these are: host and process.
    public var name: String
    public var attempts = 3
    /// Seconds to wait when no page waits (or the store did not answer) before asking again.
    public var pause: TimeInterval = 1

    public init(queue: any WorkQueue, recognizer: any Recognizer, engine: String, options: RecognitionOptions, lease: TimeInterval,
                name: String = QueueWorker.defaultName) {
        self.queue = queue
        self.recognizer = recognizer
        self.engine = engine
        self.options = options
        self.lease = lease
        self.name = name
    }

    public static var defaultName: String { "\(ProcessInfo.processInfo.hostName):\(getpid())" }

    /// What came of one page.
    public enum Outcome: Sendable {
        case done(LeasedPage, PageRun)
        case failed(LeasedPage, PageRun)
        case givenBack(LeasedPage, ServiceError)
        /// The store did not answer; the job waits and asks again.
        case storeTrouble(String)
    }

    /// Runs `jobs` jobs until stopped, or with `untilEmpty` until no page waits and none is
    /// leased (a page leased to a worker that died comes back when its lease runs out,
    /// and is read before this returns).
    public func run(jobs: Int, untilEmpty: Bool, report: @escaping @Sendable (Outcome) -> Void) async throws {
        let images = PageSource()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for job in 1...max(jobs, 1) {
                group.addTask { try await self.job("\(self.name)/\(job)", images: images, untilEmpty: untilEmpty, report: report) }
            }
            try await group.waitForAll()
        }
    }

    private func job(_ worker: String, images: PageSource, untilEmpty: Bool, report: @Sendable (Outcome) -> Void) async throws {
        var troubles = 0
        while !Task.isCancelled {
            do {
                guard let page = try queue.lease(worker: worker, for: lease) else {
                    if untilEmpty {
                        let counts = try queue.queueCounts()
                        if counts.queued == 0 && counts.leased == 0 { return }
                    }
                    try await Task.sleep(for: .seconds(pause))
                    continue
                }
                report(try await read(page, images: images))
                troubles = 0
            } catch let error as StoreError {
                // A server restarting: what was leased comes back when the lease runs out.
                troubles += 1
                report(.storeTrouble(error.description))
                guard troubles < 30 else { throw error }
                try await Task.sleep(for: .seconds(pause))
            }
        }
    }

    private func read(_ page: LeasedPage, images: PageSource) async throws -> Outcome {
        let renewal = Task { [queue, lease] in
            while !Task.isCancelled {
                try? await Task.sleep(for: .seconds(lease / 3))
                guard !Task.isCancelled else { return }
                _ = try? queue.renew(page, for: lease)
            }
        }
        let source = images.page(page.page, ofDocument: page.documentID, in: queue).map(ImageSource.bytes)
        let run = await PageRun.read(source, with: recognizer, options: options)
        renewal.cancel()  // read: the lease now only has to last while the run is recorded
        if case .failure(let error) = run.response, error.isTransient, page.attempts < attempts {
            try queue.giveBack(page, error: error)
            return .givenBack(page, error)
        }
        try queue.finish(page, run: run.input(documentID: page.documentID, page: page.page, engine: engine, options: options))
        if case .success = run.response { return .done(page, run) }
        return .failed(page, run)
    }
}
