import Foundation
import HandwritingAPI

/// A page a worker holds under a lease: while the lease lasts no other worker takes it;
/// when it runs out (the worker died) the page goes to the next worker that asks.
public struct LeasedPage: Equatable, Sendable {
    public var documentID: String
    public var page: Int
    /// How many times the page was leased, this time included.
    public var attempts: Int
    public var worker: String
}

/// Where a queue's pages are.
public struct QueueCounts: Equatable, Sendable {
    public var queued = 0
    public var leased = 0
    public var done = 0
    public var failed = 0

    public init(queued: Int = 0, leased: Int = 0, done: Int = 0, failed: Int = 0) {
        self.queued = queued
        self.leased = leased
        self.done = done
        self.failed = failed
    }
}

/// Pages waiting to be read, kept in a shared store, and drained by any number of
/// `quire work` processes on any machines.
public protocol WorkQueue: TranscriptStore {
    /// Queues the pages of the documents named, or (nil) every registered page without a
    /// current reading; a page queued or leased already stays as it is. How many were queued.
    @discardableResult
    func enqueue(documents: [String]?, at time: Date) throws -> Int
    /// Queues these pages (the workbench's R); how many were queued.
    @discardableResult
    func enqueue(pages: [(documentID: String, page: Int)], at time: Date) throws -> Int
    /// Takes back pages not yet leased; how many were.
    @discardableResult
    func withdraw(pages: [(documentID: String, page: Int)]) throws -> Int
    func queueCounts() throws -> QueueCounts
    /// Those of these pages still queued or being read.
    func waiting(among pages: [(documentID: String, page: Int)]) throws -> [(documentID: String, page: Int)]
    /// The next waiting page (or one whose lease ran out), leased to `worker` for
    /// `duration` seconds; nil when none waits. Workers asking at once never get the same page.
    func lease(worker: String, for duration: TimeInterval) throws -> LeasedPage?
    /// Extends the lease; false when it was lost (it ran out and another worker took the page).
    func renew(_ page: LeasedPage, for duration: TimeInterval) throws -> Bool
    /// Records the page's run and marks the page done, or failed with the contract's code,
    /// in one transaction.
    func finish(_ page: LeasedPage, run: RunInput) throws
    /// Puts the page back for a later try, after a failure that said "not now".
    func giveBack(_ page: LeasedPage, error: ServiceError) throws
}
