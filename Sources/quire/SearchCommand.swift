import ArgumentParser
import Foundation
import HandwritingAPI
import QuireText
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

    @Option(help: "Output: text (file:page:line, * when corrected, #block, the text) or jsonl (an object per line found: block, file, document, page, line, text, corrected).")
    var format: ListFormat = .text

    @OptionGroup var store: StoreOption

    func run() throws {
        let hits = try store.open(access: .readOnly).search(query, limit: limit)
        for hit in hits {
            switch format {
            case .text:
                let mark = hit.corrected ? "*" : " "
                TerminalOutput.out(TerminalOutput.userText("\(hit.documentName):\(hit.page):\(hit.position + 1)\(mark) #\(hit.blockId)  \(hit.text)"))
            case .jsonl:
                TerminalOutput.out(Self.json(hit))
            }
        }
        if hits.isEmpty { throw ExitCode(1) }
    }

    /// One hit as a line of JSON; lines are counted from 1, as the text output counts them.
    static func json(_ hit: SearchHit) -> String {
        let fields: [(key: String, json: String)] = [
            ("block", String(hit.blockId)), ("file", ContractJSON.quote(hit.documentName)),
            ("document", ContractJSON.quote(hit.documentId)), ("page", String(hit.page)), ("line", String(hit.position + 1)),
            ("text", ContractJSON.quote(hit.text)), ("corrected", String(hit.corrected)),
        ]
        return TerminalEscaping.escapeJSON(ContractJSON.object(fields))
    }
}
