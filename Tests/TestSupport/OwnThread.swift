import Foundation

/// Runs a test's blocking work (waiting on tmux, a terminal, a process) off Swift
/// Testing's cooperative pool, which has one thread per core: on two cores, two suites
/// blocking there at once starve every task of the code under test in a third (CI saw
/// the workbench shell's recognition never start). The work stays in the test's own
/// task, on an executor of its own, so its expectations are the test's.
public enum OwnThread {
    public static func run<T: Sendable>(_ body: () throws -> T) async throws -> T {
        try await withTaskExecutorPreference(QueueExecutor()) { try body() }
    }
}

/// A task executor on a serial dispatch queue: its thread is not the cooperative pool's.
private final class QueueExecutor: TaskExecutor {
    private let queue = DispatchQueue(label: "quire.test.own-thread")

    func enqueue(_ job: consuming ExecutorJob) {
        let job = UnownedJob(job)
        let executor = asUnownedTaskExecutor()
        queue.async { job.runSynchronously(on: executor) }
    }
}
