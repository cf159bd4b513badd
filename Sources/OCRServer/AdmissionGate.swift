import Foundation

/// Counts requests admitted to the engine, recognising or waiting for a worker. Full
/// means full: the caller answers 429 at once instead of letting a queue grow.
final class AdmissionGate: @unchecked Sendable {
    private let lock = NSLock()
    private let capacity: Int
    private var admitted = 0

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func tryEnter() -> Bool {
        lock.withLock {
            guard admitted < capacity else { return false }
            admitted += 1
            return true
        }
    }

    func leave() {
        lock.withLock { admitted -= 1 }
    }
}
