import ArgumentParser
import Foundation
import TranscriptStore

/// What `--format` takes: the store's formats, and `gt`, which needs the page images.
enum ExportChoice: String, ExpressibleByArgument, CaseIterable {
    case txt, md, json, tsv, hocr, page, alto, gt
}

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
    var format: ExportChoice

    @Option(help: ArgumentHelp("The folder to write into.", valueName: "folder"))
    var out = "export"

    @Argument(help: ArgumentHelp("Documents by name or by the start of their id (default: all).", valueName: "document"))
    var documents: [String] = []

    @OptionGroup var store: StoreOption

    func run() throws {
        let transcripts = try store.open()
        var chosen = try transcripts.exportDocuments()
        if !documents.isEmpty {
            chosen = chosen.filter { entry in documents.contains { entry.document.name == $0 || entry.document.id.hasPrefix($0.lowercased()) } }
            guard !chosen.isEmpty else {
                TerminalOutput.note("no document matches \(documents.joined(separator: ", "))")
                throw ExitCode(1)
            }
        }
        let files: [URL]
        if let storeFormat = ExportFormat(rawValue: format.rawValue) {
            files = try Exporter.write(chosen, as: storeFormat, to: URL(fileURLWithPath: out))
        } else {
            let result = try GroundTruthExport.write(chosen, to: URL(fileURLWithPath: out))
            for reason in result.skipped { TerminalOutput.note("skipped: " + reason) }
            files = result.files
        }
        for file in files { TerminalOutput.out(TerminalOutput.userText(file.path)) }
        TerminalOutput.note("\(files.count) file\(files.count == 1 ? "" : "s") written to \(out)")
    }
}
