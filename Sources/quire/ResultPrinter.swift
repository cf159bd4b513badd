import ArgumentParser
import Foundation
import HandwritingAPI
import QuireText

enum OutputFormat: String, ExpressibleByArgument, CaseIterable {
    case json, jsonl, text
}

/// The answer for one page of one input.
struct PageOutcome: Sendable {
    var sequence: Int
    var file: String
    var page: Int
    var pageCount: Int
    var response: HandwritingResponse
    /// The document in the store, when runs are recorded.
    var documentID: String?
    var startedAt: Date
    var duration: Double
    var imageSize: (width: Int, height: Int)?
}

/// Prints outcomes in the chosen format. Errors are also explained on stderr.
final class ResultPrinter {
    let format: OutputFormat
    private var collected: [PageOutcome] = []

    init(format: OutputFormat) { self.format = format }

    func print(_ outcome: PageOutcome) {
        if case .failure(let error) = outcome.response {
            let place = outcome.pageCount > 1 ? "\(outcome.file) page \(outcome.page)" : outcome.file
            TerminalOutput.note("\(place): \(error)")
        }
        switch format {
        case .json: collected.append(outcome)
        case .jsonl: TerminalOutput.out(Self.json(outcome, labelled: true, pretty: false))
        case .text: printText(outcome)
        }
    }

    /// A single page prints the API's response exactly; several print an array of labelled ones.
    func finish() {
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
