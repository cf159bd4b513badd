import ArgumentParser
import Foundation
import QuireText
import TranscriptStore

/// `--store PATH`, for every command that keeps or reads the workspace's work.
struct StoreOption: ParsableArguments {
    @Option(help: ArgumentHelp("The store file (default: .quire/quire.db in the workspace folder).", valueName: "path"))
    var store: String?

    /// Opens the given store, or the workspace folder's own; a failure is explained and
    /// exits 2. Commands that only read ask for `.readOnly`, so that they work on a store
    /// the user may not write.
    func open(workspace: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
              access: TranscriptStore.Access = .readWrite) throws -> TranscriptStore {
        try Self.open(path: store ?? TranscriptStore.defaultPath(forWorkspace: workspace).path, access: access)
    }

    static func open(path: String, access: TranscriptStore.Access = .readWrite) throws -> TranscriptStore {
        // SQLite is given paths as UTF-8: a store in a folder whose name is not would be made elsewhere.
        guard FileNames.bytes(path) == Array(path.utf8) else {
            TerminalOutput.note("the store's path \(path) is not UTF-8: name another with --store")
            throw ExitCode(2)
        }
        do {
            return try TranscriptStore(path: path, access: access)
        } catch {
            TerminalOutput.note(error.description)
            throw ExitCode(2)
        }
    }
}
