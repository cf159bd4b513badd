import ArgumentParser
import Foundation
import QuireText
import TranscriptStore

/// `--store PATH` (or `QUIRE_STORE`), for every command that keeps or reads the workspace's work.
struct StoreOption: ParsableArguments {
    @Option(help: ArgumentHelp("The store: a file (default: .quire/quire.db in the workspace folder; also QUIRE_STORE).",
                               valueName: "path"))
    var store: String?

    /// The store named by `--store`, else by `QUIRE_STORE`; nil for the workspace's own.
    static func named(_ store: String?) -> String? {
        store ?? ProcessInfo.processInfo.environment["QUIRE_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Opens the given store, or the workspace folder's own; a failure is explained and
    /// exits 2. Commands that only read ask for `.readOnly`, so that they work on a store
    /// the user may not write.
    func open(workspace: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
              access: TranscriptStore.Access = .readWrite) throws -> TranscriptStore {
        try Self.open(path: Self.named(store) ?? TranscriptStore.defaultPath(forWorkspace: workspace).path, access: access)
    }

    static func open(path given: String, access: TranscriptStore.Access = .readWrite) throws -> TranscriptStore {
        let path: String
        do {
            switch try StoreLocation(given) {
            case .file(let file): path = file
            case .postgres(let address):
                TerminalOutput.note("\(address): this quire reads and writes SQLite store files only; PostgreSQL stores are not built yet")
                throw ExitCode(2)
            }
        } catch let error as StoreError {
            TerminalOutput.note(error.description)
            throw ExitCode(2)
        }
        // SQLite is given paths as UTF-8: a store in a folder whose name is not would be made elsewhere.
        guard !FileNames.hasEscapes(path) else {
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
