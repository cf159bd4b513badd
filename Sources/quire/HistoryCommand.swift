import ArgumentParser
import Foundation
import HandwritingAPI
import QuireText
import TranscriptStore

struct HistoryCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "history",
        abstract: "Every edit of a block, or of the whole store: who made it, when, the text before and after.",
        discussion: """
            Oldest first; undone edits stay listed (marked undone). A text of null (in JSON) or \
            "recognised" means no correction: the block as it was read.
            """
    )

    @Argument(help: "The block's id (#id as quire search shows it); without one, every edit.")
    var block: Int64?

    @Option(help: "Output: text (a line an edit) or jsonl (an object an edit: edit, block, who, when, before, after, reviewed, undone).")
    var format: ListFormat = .text

    @OptionGroup var store: StoreOption

    func run() throws {
        let edits = try store.open(access: .readOnly).history(of: block)
        for edit in edits {
            switch format {
            case .text: TerminalOutput.out(TerminalOutput.userText(Self.line(edit)))
            case .jsonl: TerminalOutput.out(Self.json(edit))
            }
        }
        if edits.isEmpty { throw ExitCode(1) }
    }

    /// `edit 3  #17  2026-12-01T15:00:00Z  ann  "before" -> "after"  reviewed undone`
    static func line(_ edit: EditRecord) -> String {
        let marks = [edit.afterReviewed ? "reviewed" : nil, edit.undone ? "undone" : nil].compactMap { $0 }
        let text = { (text: String?) in text.map(ContractJSON.quote) ?? "recognised" }
        return (["edit \(edit.id ?? 0)", "#\(edit.blockId)", Self.time(edit.madeAt), edit.author ?? "-",
                 "\(text(edit.beforeText)) -> \(text(edit.afterText))"] + marks).joined(separator: "  ")
    }

    static func json(_ edit: EditRecord) -> String {
        let string = { (text: String?) in text.map(ContractJSON.quote) ?? "null" }
        let fields: [(key: String, json: String)] = [
            ("edit", String(edit.id ?? 0)), ("block", String(edit.blockId)), ("who", string(edit.author)),
            ("when", ContractJSON.quote(Self.time(edit.madeAt))), ("before", string(edit.beforeText)),
            ("after", string(edit.afterText)), ("reviewed", String(edit.afterReviewed)), ("undone", String(edit.undone)),
        ]
        return TerminalEscaping.escapeJSON(ContractJSON.object(fields))
    }

    /// UTC, to the second, as ISO 8601 writes it.
    static func time(_ date: Date) -> String {
        date.formatted(.iso8601)
    }
}
