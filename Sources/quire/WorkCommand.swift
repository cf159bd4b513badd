import ArgumentParser
import EngineCatalogue
import Foundation
import Synchronization
import HandwritingAPI
import TranscriptStore
import Transcription

struct WorkCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "work",
        abstract: "Read the pages a shared store's queue holds, here, as long as there are any.",
        discussion: """
            Any number of workers on any machines may drain one queue: each page goes to one \
            of them under a lease the worker renews while it reads. A worker that dies lets its \
            page go when the lease runs out, and another reads it. A page the engine refused is \
            recorded with the contract's error code and marked failed; a throttled or unavailable \
            cloud is tried again later. Prints a line per page: done or failed, the file, the page.
            """
    )

    @OptionGroup var recognition: RecognitionFlags

    @OptionGroup var store: StoreOption

    @Flag(name: .customLong("until-empty"), help: "Stop when no page waits and none is being read (default: wait for more).")
    var untilEmpty = false

    @Option(help: ArgumentHelp("Seconds a page's lease lasts unrenewed: how long a page a dead worker held waits for another.", valueName: "seconds"))
    var lease: Double = 60

    func validate() throws {
        guard lease >= 3 else { throw ValidationError("--lease must be at least 3 seconds") }
    }

    func run() async throws {
        let queue = try store.openQueue()
        let engine = recognition.askedEngine ?? .auto
        let workers = recognition.workers(for: engine)
        let recognizer = try recognition.recognizer(engine, workers: workers)
        let worker = QueueWorker(queue: queue, recognizer: recognizer, engine: engine.rawValue, options: recognition.options(), lease: lease)
        let names = NameCache(queue: queue)
        try await worker.run(jobs: workers, untilEmpty: untilEmpty) { outcome in
            switch outcome {
            case .done(let page, let run):
                let lines = if case .success(let result) = run.response { result.blocks.count } else { 0 }
                TerminalOutput.out(TerminalOutput.userText("done    \(names.name(page.documentID))  page \(page.page)  \(lines) lines"))
            case .failed(let page, let run):
                let why = if case .failure(let error) = run.response { "\(error.code) \(error.message)" } else { "" }
                TerminalOutput.out(TerminalOutput.userText("failed  \(names.name(page.documentID))  page \(page.page)  \(why)"))
            case .givenBack(let page, let error):
                TerminalOutput.note(TerminalOutput.userText("\(names.name(page.documentID)) page \(page.page): \(error.code), to be tried again"))
            case .storeTrouble(let why):
                TerminalOutput.note(TerminalOutput.userText("\(why); trying again"))
            }
        }
    }
}

/// Documents' names, asked of the store once each.
private final class NameCache: Sendable {
    private let queue: any WorkQueue
    private let names = Mutex<[String: String]>([:])

    init(queue: any WorkQueue) { self.queue = queue }

    func name(_ id: String) -> String {
        if let known = names.withLock({ $0[id] }) { return known }
        let name = (try? queue.document(id: id))?.name ?? String(id.prefix(12))
        names.withLock { $0[id] = name }
        return name
    }
}
