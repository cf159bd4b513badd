import Foundation
import Synchronization

/// Work's result, or an error at a deadline, whichever comes first. A task group would
/// wait for work that does not stop when cancelled (an engine mid-page); this answers
/// at the deadline and leaves the work to end on its own, its result discarded.
enum Deadline {
    static func first<T: Sendable>(of work: Task<T, any Error>, within timeout: Duration, else late: any Error) async throws -> T {
        try await withCheckedThrowingContinuation { (continuation: CheckedContinuation<T, any Error>) in
            let answer = Answer(continuation)
            let timer = Task {
                // Cancelled means the work ended first: a cancelled sleep is no deadline
                // (taken as one, it answered 504 to work that had just ended).
                guard (try? await Task.sleep(for: timeout)) != nil else { return }
                answer.give(.failure(late))
            }
            Task {
                let result = await work.result
                answer.give(result)
                timer.cancel()
            }
        }
    }

    /// A continuation resumed once, by whichever comes first.
    private final class Answer<T: Sendable>: Sendable {
        private let waiting: Mutex<CheckedContinuation<T, any Error>?>

        init(_ continuation: CheckedContinuation<T, any Error>) { waiting = Mutex(continuation) }

        func give(_ result: Result<T, any Error>) {
            waiting.withLock { $0.take() }?.resume(with: result)
        }
    }
}
