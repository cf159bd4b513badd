import Foundation

/// Runs a test's blocking work (waiting on tmux, a terminal, a process) on a thread of
/// its own. Swift Testing runs tests on the cooperative pool, which has one thread per
/// core; on two cores, two suites blocking there at once starve every task of the code
/// under test in a third (CI saw the workbench shell's recognition never start).
public enum OwnThread {
    public static func run<T: Sendable>(_ body: @escaping @Sendable () throws -> T) async throws -> T {
        try await withCheckedThrowingContinuation { continuation in
            let thread = Thread { continuation.resume(with: Result { try body() }) }
            thread.stackSize = 8 << 20
            thread.start()
        }
    }
}
