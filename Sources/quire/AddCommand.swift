import ArgumentParser
import DocumentPages
import Foundation
import QuireText
import TranscriptStore
import Transcription

struct AddCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "add",
        abstract: "Register images and documents in the workspace's store (again is harmless).",
        discussion: "A document is known by its bytes: renamed or moved, it keeps its runs and corrections."
    )

    @Argument(help: ArgumentHelp("Folders (their images, TIFFs and PDFs) or files.", valueName: "folder-or-file"))
    var paths: [String]

    @OptionGroup var store: StoreOption

    func run() throws {
        // A single folder is the workspace; otherwise the current folder is.
        let workspace = paths.count == 1 && FileNames.isFolder(paths[0])
            ? URL(fileURLWithPath: paths[0]) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let files = DocumentFiles.expand(paths)
        let documents = try Registration(store: store.open(workspace: workspace)).register(files)
        var failed = false
        for (path, document) in zip(files, documents) {
            guard let document else {
                TerminalOutput.note("\(path): cannot be read")
                failed = true
                continue
            }
            TerminalOutput.out(TerminalOutput.userText("\(document.id.prefix(12))  \(document.pageCount) page\(document.pageCount == 1 ? "" : "s")  \(path)"))
        }
        if failed { throw ExitCode(1) }
    }
}
