import Foundation

/// At most `limit` calls in flight, and no more than `perSecond` started each second
/// (the cloud client's share of the service's per-user limits; `auto`'s pages in flight).
/// Waiting is cancellable.
public actor RequestGate {
    private let limit: Int
    private let interval: Duration
    private var inFlight = 0
    private var waiting: [(id: UInt64, continuation: CheckedContinuation<Void, any Error>)] = []
    private var nextID: UInt64 = 0
    private var nextStart = ContinuousClock.now

    public init(limit: Int, perSecond: Double? = nil) {
        self.limit = max(1, limit)
        interval = perSecond.map { .nanoseconds(Int64(1_000_000_000 / max($0, 0.001))) } ?? .zero
    }

    public func enter() async throws {
        if inFlight >= limit {
            nextID += 1
            let id = nextID
            try await withTaskCancellationHandler {
                try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<Void, any Error>) in
                    if Task.isCancelled { continuation.resume(throwing: CancellationError()) } else { waiting.append((id, continuation)) }
                }
            } onCancel: {
                Task { await self.cancel(id) }
            }
        } else {
            inFlight += 1
        }
        // Space the starts out; the slot is already ours.
        let start = max(nextStart, ContinuousClock.now)
        nextStart = start + interval
        if start > ContinuousClock.now {
            do { try await Task.sleep(until: start, clock: .continuous) } catch { leave(); throw error }
        }
    }

    public func leave() {
        if waiting.isEmpty {
            inFlight -= 1
        } else {
            waiting.removeFirst().continuation.resume()  // the slot passes straight on
        }
    }

    private func cancel(_ id: UInt64) {
        guard let index = waiting.firstIndex(where: { $0.id == id }) else { return }
        waiting.remove(at: index).continuation.resume(throwing: CancellationError())
    }
}

extension RequestGate {
    /// `body` run with a place taken, the place given back however it ends.
    public nonisolated func passing<T: Sendable>(_ body: @Sendable () async throws -> T) async throws -> T {
        try await enter()
        do {
            let result = try await body()
            await leave()
            return result
        } catch {
            await leave()
            throw error
        }
    }
}
