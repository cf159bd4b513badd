import Foundation
import Synchronization

/// A fixed set of threads, each owning one worker made on that thread and kept
/// for its lifetime. Engines such as Tesseract block for the length of a page and
/// are not safe to share, so their calls run here rather than on Swift's
/// cooperative threads. Jobs wait in one queue; a job whose task is cancelled
/// before a worker takes it is dropped.
public final class WorkerPool<Worker>: @unchecked Sendable {
    private typealias Job = (id: UInt64, run: (Worker) -> Void, cancel: () -> Void)

    private let condition = NSCondition()
    private var queue: [Job] = []  // guarded by condition
    private var nextID: UInt64 = 0
    private var closed = false
    private var running = 0

    public let size: Int

    /// Starts `size` threads and waits until each has made its worker; the first
    /// failure to make one is thrown and the pool shuts down.
    public init(size: Int, stackSize: Int = 16 << 20, name: String, makeWorker: @escaping @Sendable () throws -> Worker) throws {
        self.size = max(1, size)
        let started = DispatchGroup()
        let failure = Mutex<(any Error)?>(nil)
        for index in 0..<self.size {
            started.enter()
            let thread = Thread { [self] in
                let worker: Worker
                do {
                    worker = try makeWorker()
                } catch {
                    failure.withLock { $0 = $0 ?? error }
                    started.leave()
                    return
                }
                condition.lock()
                running += 1
                condition.unlock()
                started.leave()
                serve(worker)
            }
            thread.name = "\(name)-\(index)"
            thread.stackSize = stackSize
            thread.start()
        }
        started.wait()
        if let error = failure.withLock({ $0 }) {
            shutdown()
            throw error
        }
    }

    deinit { shutdown() }

    /// Stops the threads once the queued jobs are done; their workers are released on them.
    public func shutdown() {
        condition.lock()
        closed = true
        condition.broadcast()
        condition.unlock()
    }

    /// Runs `body` on the next free worker.
    public func run<T: Sendable>(_ body: @escaping @Sendable (Worker) throws -> T) async throws -> T {
        let id: UInt64 = condition.withLock {
            nextID += 1
            return nextID
        }
        return try await withTaskCancellationHandler {
            try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
                condition.lock()
                defer { condition.unlock() }
                guard !closed, !Task.isCancelled else {
                    continuation.resume(throwing: CancellationError())
                    return
                }
                queue.append((id: id, run: { worker in continuation.resume(with: Result { try body(worker) }) },
                              cancel: { continuation.resume(throwing: CancellationError()) }))
                condition.signal()
            }
        } onCancel: {
            let dropped: Job? = condition.withLock {
                guard let index = queue.firstIndex(where: { $0.id == id }) else { return nil }
                return queue.remove(at: index)
            }
            dropped?.cancel()
        }
    }

    private func serve(_ worker: Worker) {
        while true {
            condition.lock()
            while queue.isEmpty && !closed { condition.wait() }
            if queue.isEmpty && closed {
                running -= 1
                condition.unlock()
                return
            }
            let job = queue.removeFirst()
            condition.unlock()
            job.run(worker)
        }
    }
}
