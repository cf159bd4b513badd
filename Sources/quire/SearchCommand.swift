import ArgumentParser
import Foundation
import TranscriptStore

struct SearchCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "search",
        abstract: "Find text in the workspace: corrected text where there is some, else what was recognised."
    )

    @Argument(help: "Text to find, anywhere in a line, case-insensitive (Chinese too).")
    var query: String

    @Option(help: "At most this many lines.")
    var limit = 200

    @OptionGroup var store: StoreOption

    func run() throws {
        let hits = try store.open(access: .readOnly).search(query, limit: limit)
        for hit in hits {
            let mark = hit.corrected ? "*" : " "
            TerminalOutput.out(TerminalOutput.userText("\(hit.documentName):\(hit.page):\(hit.position + 1)\(mark) #\(hit.blockId)  \(hit.text)"))
        }
        if hits.isEmpty { throw ExitCode(1) }
    }
}
