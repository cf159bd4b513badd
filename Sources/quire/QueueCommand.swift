import ArgumentParser
import DocumentPages
import Foundation
import QuireText
import TranscriptStore
import Transcription

struct QueueCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "queue",
        abstract: "Queue pages of a shared store for quire work, or say where its queue stands.",
        discussion: """
            Without files, every registered page without a reading is queued; files named are \
            registered (their bytes kept in the store) and all their pages queued, read before \
            or not. A page queued or being read already stays as it is. The queue lives in a \
            shared store: --store postgres://… (or QUIRE_STORE).
            """
    )

    @Argument(help: ArgumentHelp("Folders or files whose pages to queue (default: every page not read yet).", valueName: "folder-or-file"))
    var paths: [String] = []

    @Flag(help: "Print how many pages are queued, leased (being read), done and failed, a line each.")
    var status = false

    @OptionGroup var store: StoreOption

    func validate() throws {
        if status && !paths.isEmpty { throw ValidationError("--status takes no files") }
    }

    func run() throws {
        let queue = try store.openQueue(access: status ? .readOnly : .readWrite)
        if status {
            let counts = try queue.queueCounts()
            for (count, state) in [(counts.queued, "queued"), (counts.leased, "leased"), (counts.done, "done"), (counts.failed, "failed")] {
                TerminalOutput.out("\(count) \(state)")
            }
            return
        }
        var documents: [String]?
        if !paths.isEmpty {
            let files = DocumentFiles.expand(paths)
            let registered = try Registration(store: queue).register(files)
            for (path, document) in zip(files, registered) where document == nil {
                TerminalOutput.note(TerminalOutput.userText("\(path): cannot be read"))
            }
            documents = registered.compactMap { $0?.id }
        }
        TerminalOutput.out("\(try queue.enqueue(documents: documents, at: Date())) queued")
    }
}
