import ArgumentParser
import Foundation
import TranscriptStore

struct StatsCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "stats",
        abstract: "How accurate the recognisers were, measured against your corrections.",
        discussion: """
            Every block you corrected or marked reviewed counts, its reference being your text (or the recognised \\
            text, reviewed unchanged). CER is over NFC characters, WER over words. The calibration table shows \\
            whether a block's confidence says anything about its errors.
            """
    )

    @Flag(help: "Also list every page.")
    var pages = false

    @OptionGroup var store: StoreOption

    func run() throws {
        let report = try store.open(access: .readOnly).accuracy()
        func line(_ name: String, _ accuracy: Accuracy) -> [String] {
            [name, String(accuracy.blocks), String(accuracy.characters), String(format: "%.3f", accuracy.characterErrorRate),
             String(format: "%.3f", accuracy.wordErrorRate)]
        }
        var rows = [line("workspace", report.workspace)]
        rows += report.byEngine.sorted { $0.key < $1.key }.map { line("engine " + $0.key, $0.value) }
        rows += report.byDocument.sorted { $0.key < $1.key }.map { line($0.key, $0.value) }
        if pages {
            for (document, byPage) in report.byPage.sorted(by: { $0.key < $1.key }) {
                rows += byPage.sorted { $0.key < $1.key }.map { line("\(document) page \($0.key)", $0.value) }
            }
        }
        print(table(["", "blocks", "characters", "CER", "WER"], rows))
        print()
        print(table(["confidence", "blocks", "mean confidence", "CER"], report.calibration.map { band in
            [String(format: "%.2f-%.2f", band.band.lowerBound, band.band.upperBound), String(band.accuracy.blocks),
             band.accuracy.blocks == 0 ? "" : String(format: "%.3f", band.meanConfidence),
             band.accuracy.blocks == 0 ? "" : String(format: "%.3f", band.accuracy.characterErrorRate)]
        }))
    }

    private func table(_ header: [String], _ rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        return all.map { row in
            row.enumerated().map { index, cell in
                index == 0 ? cell.padding(toLength: widths[index], withPad: " ", startingAt: 0)
                    : String(repeating: " ", count: widths[index] - cell.count) + cell
            }.joined(separator: "  ")
        }.map(TerminalOutput.userText).joined(separator: "\n")
    }
}
