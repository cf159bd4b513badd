import ArgumentParser
import DocumentPages
import Foundation
import TranscriptStore

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
        var isFolder: ObjCBool = false
        let workspace = paths.count == 1 && FileManager.default.fileExists(atPath: paths[0], isDirectory: &isFolder) && isFolder.boolValue
            ? URL(fileURLWithPath: paths[0]) : URL(fileURLWithPath: FileManager.default.currentDirectoryPath)
        let transcripts = try store.open(workspace: workspace)
        var failed = false
        for path in WorkspaceFiles.expand(paths) {
            guard let data = FileManager.default.contents(atPath: path) else {
                TerminalOutput.note("\(path): cannot be read")
                failed = true
                continue
            }
            let document = try transcripts.addDocument(name: (path as NSString).lastPathComponent, path: WorkspaceFiles.absolute(path), data: data,
                                                       pageCount: DocumentPages.pageCount(of: data))
            TerminalOutput.out(TerminalOutput.userText("\(document.id.prefix(12))  \(document.pageCount) page\(document.pageCount == 1 ? "" : "s")  \(path)"))
        }
        if failed { throw ExitCode(1) }
    }
}
