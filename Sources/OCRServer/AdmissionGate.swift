import Foundation
import Synchronization

/// Counts requests admitted to the engine, recognising or waiting for a worker. Full
/// means full: the caller answers 429 at once instead of letting a queue grow.
final class AdmissionGate: Sendable {
    private let capacity: Int
    private let admitted = Mutex(0)

    init(capacity: Int) { self.capacity = max(1, capacity) }

    func tryEnter() -> Bool {
        admitted.withLock { admitted in
            guard admitted < capacity else { return false }
            admitted += 1
            return true
        }
    }

    func leave() {
        admitted.withLock { $0 -= 1 }
    }
}
