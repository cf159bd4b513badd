import ArgumentParser
import Foundation
import TranscriptStore
import Transcription

extension ExportFormat: ExpressibleByArgument {}

struct ExportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "export",
        abstract: "Write the corrected transcripts: txt, md, json, tsv, hocr, page (PAGE XML), alto (ALTO v4) or gt.",
        discussion: """
            One file per document, or per page for PAGE and ALTO; TSV is one file for all. gt is a training set: \
            every line someone corrected or reviewed, cut from its page image, with NAME.gt.txt beside it. \
            Names come from the documents' names.
            """
    )

    @Option(help: "The format.")
    var format: ExportFormat

    @Option(help: ArgumentHelp("The folder to write into.", valueName: "folder"))
    var out = "export"

    @Argument(help: ArgumentHelp("Documents by name or by the start of their id (default: all).", valueName: "document"))
    var documents: [String] = []

    @OptionGroup var store: StoreOption

    func run() throws {
        let transcripts = try store.open(access: .readOnly)
        var chosen = try transcripts.exportDocuments()
        if !documents.isEmpty {
            chosen = chosen.filter { entry in documents.contains { entry.document.name == $0 || entry.document.id.hasPrefix($0.lowercased()) } }
            guard !chosen.isEmpty else {
                TerminalOutput.note("no document matches \(documents.joined(separator: ", "))")
                throw ExitCode(1)
            }
        }
        let (files, skipped) = try TranscriptExport.write(chosen, as: format, to: URL(fileURLWithPath: out))
        for reason in skipped { TerminalOutput.note("skipped: " + reason) }
        for file in files { TerminalOutput.out(TerminalOutput.userText(file.path)) }
        TerminalOutput.note("\(files.count) file\(files.count == 1 ? "" : "s") written to \(out)")
    }
}
