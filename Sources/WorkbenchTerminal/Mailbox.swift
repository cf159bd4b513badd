import Foundation
import Synchronization
import WorkbenchCore

/// Where the shell's answers wait for the interface thread: any thread posts, the
/// loop drains. A pipe wakes the loop's `poll` when something arrives.
public final class Mailbox: Sendable {
    private let pending = Mutex<[(message: Message, postedAt: UInt64)]>([])
    private let wake = WakePipe()

    public init() {}

    /// Polled by the loop.
    var wakeRead: Int32 { wake.readEnd }

    public func post(_ message: Message) {
        pending.withLock { $0.append((message, DispatchTime.now().uptimeNanoseconds)) }
        wake.poke()
    }

    /// Everything posted so far, oldest first, with when it was posted.
    func drain() -> [(message: Message, postedAt: UInt64)] {
        wake.drain()
        return pending.withLock { pending in
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
