import Foundation
import HandwritingAPI
import Synchronization
import TranscriptStore
import WorkbenchCore

/// `R` on a shared store: the pages go to its queue, for `quire work` on any machine, and
/// each page's news comes back as the store announces its reading. Cancelling takes back
/// the pages no worker has taken yet.
final class SharedQueue: Sendable {
    private let queue: any WorkQueue
    private let clock: Clock
    private let post: @Sendable (Message) -> Void
    private struct Page: Hashable {
        var documentID: String
        var number: Int
    }

    /// Pages queued from here and not yet read, with the list's pages they are.
    private let waiting = Mutex<[Page: [PageRef]]>([:])

    init(queue: any WorkQueue, clock: Clock, post: @escaping @Sendable (Message) -> Void) {
        self.queue = queue
        self.clock = clock
        self.post = post
    }

    func enqueue(_ jobs: [PageJob]) {
        waiting.withLock { waiting in
            for job in jobs { waiting[Page(documentID: job.documentID, number: job.ref.page), default: []].append(job.ref) }
        }
        do {
            let queued = try queue.enqueue(pages: jobs.map { ($0.documentID, $0.ref.page) }, at: Date())
            post(.notice("\(queued) page\(queued == 1 ? "" : "s") queued in the shared store: quire work reads them, on any machine"))
        } catch {
            let refs = waiting.withLock { waiting in
                jobs.flatMap { waiting.removeValue(forKey: Page(documentID: $0.documentID, number: $0.ref.page)) ?? [] }
            }
            post(.recognitionCancelled(refs))
            post(.failed("the pages could not be queued: \(error)"))
        }
    }

    func cancel() {
        let pages = waiting.withLock { waiting in
            defer { waiting.removeAll() }
            return waiting
        }
        let withdrawn = (try? queue.withdraw(pages: pages.keys.map { ($0.documentID, $0.number) })) ?? 0
        post(.recognitionCancelled(pages.values.flatMap { $0 }))
        if withdrawn < pages.count { post(.notice("\(pages.count - withdrawn) of the pages were being read already; their readings will arrive")) }
    }

    /// A page was read somewhere: its news, if it was queued from here. After a lost
    /// connection (`.everything`) the news of pages read meanwhile was missed: the queue
    /// says which of ours are no longer waiting.
    func heard(_ change: StoreChange) {
        switch change {
        case .reading(let documentID, let page): read(Page(documentID: documentID, number: page))
        case .everything:
            let ours = waiting.withLock { Array($0.keys) }
            guard !ours.isEmpty, let still = try? queue.waiting(among: ours.map { ($0.documentID, $0.number) }) else { return }
            let waitingStill = Set(still.map { Page(documentID: $0.documentID, number: $0.page) })
            for page in ours where !waitingStill.contains(page) { read(page) }
        case .correction: return
        }
    }

    private func read(_ key: Page) {
        guard let refs = waiting.withLock({ $0.removeValue(forKey: key) }) else { return }
        let (documentID, page) = (key.documentID, key.number)
        let outcome: Result<[Double], PageFailureBox>
        do {
            if let run = try queue.runs(of: documentID, page: page).last, !run.succeeded {
                outcome = .failure(PageFailureBox(PageFailure(code: run.errorCode ?? "", message: run.errorMessage ?? "", requestID: run.requestId)))
            } else {
                outcome = .success(try queue.currentBlocks(of: documentID, page: page).map(\.block.confidence))
            }
        } catch {
            outcome = .failure(PageFailureBox(PageFailure(code: "store", message: "the reading could not be loaded: \(error)")))
        }
        for ref in refs { post(.recognitionFinished(ref, outcome, time: clock.now)) }
    }
}
