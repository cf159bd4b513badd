import Foundation
import WorkbenchCore

/// Where the shell's answers wait for the interface thread: any thread posts, the
/// loop drains. A pipe wakes the loop's `poll` when something arrives.
public final class Mailbox: @unchecked Sendable {
    private let lock = NSLock()
    private var pending: [(message: Message, postedAt: UInt64)] = []
    /// Read end (polled by the loop) and write end (poked by `post`).
    let wakeRead: Int32
    private let wakeWrite: Int32

    public init() {
        var fds: [Int32] = [0, 0]
        precondition(pipe(&fds) == 0, "no pipe for the workbench's mailbox")
        wakeRead = fds[0]
        wakeWrite = fds[1]
        for fd in fds { _ = fcntl(fd, F_SETFL, fcntl(fd, F_GETFL) | O_NONBLOCK) }
    }

    deinit {
        close(wakeRead)
        close(wakeWrite)
    }

    public func post(_ message: Message) {
        lock.withLock { pending.append((message, DispatchTime.now().uptimeNanoseconds)) }
        var byte: UInt8 = 1
        _ = write(wakeWrite, &byte, 1)  // a full pipe already wakes the loop
    }

    /// Everything posted so far, oldest first, with when it was posted.
    func drain() -> [(message: Message, postedAt: UInt64)] {
        var bytes = [UInt8](repeating: 0, count: 256)
        while read(wakeRead, &bytes, bytes.count) > 0 {}
        return lock.withLock {
            defer { pending.removeAll(keepingCapacity: true) }
            return pending
        }
    }
}
