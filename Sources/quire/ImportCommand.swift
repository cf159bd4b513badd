import ArgumentParser
import Foundation
import QuireText
import TranscriptStore
import Transcription

struct ImportCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "import",
        abstract: "Import transcripts other tools made (PAGE XML, ALTO, hOCR) to review them here.",
        discussion: """
            Each page becomes a run of the document its image is (the file names it; --image names it \
            instead), its engine import:SOURCE (tesseract, transkribus, escriptorium, … from the file, else \
            the format), its lines with their text, polygon and confidence; a line without one needs \
            review. A page someone corrected keeps its reading; a file imported again changes nothing. A \
            file that cannot be read is said so with its line, and nothing of it is imported; the others are.
            """
    )

    @Argument(help: ArgumentHelp("PAGE XML, ALTO or hOCR files, or folders of them.", valueName: "file"))
    var files: [String]

    @Option(help: ArgumentHelp("The page image, when the file does not name it (one file only).", valueName: "path"))
    var image: String?

    @OptionGroup var store: StoreOption

    func validate() throws {
        if image != nil && TranscriptDiscovery.expand(files).count != 1 { throw ValidationError("--image names the image of one file") }
    }

    func run() throws {
        let transcripts = TranscriptImport(store: try store.open())
        var failed = false
        for folder in files where FileNames.isFolder(folder) && TranscriptDiscovery.expand([folder]).isEmpty {
            TerminalOutput.note(TerminalOutput.userText("\(folder): no .xml, .hocr or .html file in it"))
            failed = true
        }
        for file in TranscriptDiscovery.expand(files) {
            do throws(ImportError) {
                let outcome = try transcripts.importFile(file, image: image)
                let count = outcome.imported.count
                TerminalOutput.out(TerminalOutput.userText("\(file): \(count) page\(count == 1 ? "" : "s") imported to \(outcome.document)"))
                for note in outcome.kept { TerminalOutput.note(TerminalOutput.userText("\(file): \(note)")) }
            } catch {
                TerminalOutput.note(TerminalOutput.userText("\(file): \(error); nothing of it imported"))
                failed = true
            }
        }
        if failed { throw ExitCode(1) }
    }
}
