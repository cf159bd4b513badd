import ArgumentParser
import Foundation
import HandwritingAPI
import QuireText
import Transcription

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, jsonl, text
}

/// How commands that list records (`search`, `history`) print them: a line each, as
/// text or as a JSON object.
enum ListFormat: String, ExpressibleByArgument, CaseIterable {
    case text, jsonl
}

/// The answer for one page of one input.
struct PageOutcome: Sendable {
    var sequence: Int
    var file: String
    var page: Int
    var pageCount: Int
    var run: PageRun
    /// The document in the store, when runs are recorded.
    var documentID: String?

    var response: HandwritingResponse { run.response }
}

/// Prints outcomes in the chosen format; without one, a single page as the API's
/// response and several as JSON Lines, whether the pages come from several inputs or
/// one document. Errors are also explained on stderr.
final class ResultPrinter {
    let format: OutputFormat?
    private var collected: [PageOutcome] = []
    /// With no format chosen: the first page, until a second shows it is not alone.
    private var held: PageOutcome?
    private var streaming = false

    init(format: OutputFormat?) { self.format = format }

    func print(_ outcome: PageOutcome) {
        if case .failure(let error) = outcome.response {
            let place = outcome.pageCount > 1 ? "\(outcome.file) page \(outcome.page)" : outcome.file
            TerminalOutput.note("\(place): \(error)")
        }
        switch format {
        case nil:
            if let first = held {
                TerminalOutput.out(Self.json(first, labelled: true, pretty: false))
                held = nil
                streaming = true
            }
            if streaming { TerminalOutput.out(Self.json(outcome, labelled: true, pretty: false)) } else { held = outcome }
        case .json: collected.append(outcome)
        case .jsonl: TerminalOutput.out(Self.json(outcome, labelled: true, pretty: false))
        case .text: printText(outcome)
        }
    }

    /// A single page prints the API's response exactly; several print an array of labelled ones.
    func finish() {
        if format == nil, let single = held { TerminalOutput.out(Self.json(single, labelled: false, pretty: true)) }
        guard format == .json else { return }
        if collected.count == 1 {
            TerminalOutput.out(Self.json(collected[0], labelled: false, pretty: true))
        } else {
            let items = collected.map { Self.json($0, labelled: true, pretty: false) }
            TerminalOutput.out("[\n" + items.joined(separator: ",\n") + "\n]")
        }
    }

    private func printText(_ outcome: PageOutcome) {
        TerminalOutput.out("# " + TerminalOutput.userText(outcome.file) + (outcome.pageCount > 1 ? " (page \(outcome.page))" : ""))
        switch outcome.response {
        case .success(let result):
            for block in result.blocks { TerminalOutput.out(TerminalOutput.userText(block.words)) }
        case .failure(let error):
            TerminalOutput.out("! \(error.code) \(error.message)")
        }
    }

    /// The API's response, with `"file"` and `"page"` in front when labelled.
    static func json(_ outcome: PageOutcome, labelled: Bool, pretty: Bool) -> String {
        let labels: [(String, ContractJSON.LabelValue)] = labelled ? [("file", .string(outcome.file)), ("page", .int(outcome.page))] : []
        return TerminalEscaping.escapeJSON(ContractJSON.text(outcome.response, labels: labels, pretty: pretty))
    }
}
