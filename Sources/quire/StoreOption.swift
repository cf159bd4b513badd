import ArgumentParser
import Foundation
import QuireText
import TranscriptStore

/// `--store PATH` (or `QUIRE_STORE`), for every command that keeps or reads the workspace's work.
struct StoreOption: ParsableArguments {
    @Option(help: ArgumentHelp("The store: a file (default: .quire/quire.db in the workspace folder), or a postgres:// URL for a shared one; also QUIRE_STORE.",
                               valueName: "path-or-url"))
    var store: String?

    /// The store named by `--store`, else by `QUIRE_STORE`; nil for the workspace's own.
    static func named(_ store: String?) -> String? {
        store ?? ProcessInfo.processInfo.environment["QUIRE_STORE"].flatMap { $0.isEmpty ? nil : $0 }
    }

    /// Opens the given store, or the workspace folder's own; a failure is explained and
    /// exits 2. Commands that only read ask for `.readOnly`, so that they work on a store
    /// the user may not write.
    func open(workspace: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath),
              access: StoreAccess = .readWrite) throws -> any TranscriptStore {
        try Self.open(path: Self.named(store) ?? SQLiteStore.defaultPath(forWorkspace: workspace).path, access: access)
    }

    /// The store's work queue; a store file has none (workers on other machines could not reach it).
    func openQueue(access: StoreAccess = .readWrite) throws -> any WorkQueue {
        guard let named = Self.named(store), named.contains("://") else {
            TerminalOutput.note("the work queue lives in a shared store: give --store postgres://USER@HOST/DATABASE (or QUIRE_STORE)")
            throw ExitCode(2)
        }
        guard let queue = try Self.open(path: named, access: access) as? any WorkQueue else {
            TerminalOutput.note("the work queue lives in a shared store: give --store postgres://USER@HOST/DATABASE (or QUIRE_STORE)")
            throw ExitCode(2)
        }
        return queue
    }

    static func open(path given: String, access: StoreAccess = .readWrite) throws -> any TranscriptStore {
        do {
            let location = try StoreLocation(given)
            // SQLite is given paths as UTF-8: a store in a folder whose name is not would be made elsewhere.
            if case .file(let path) = location, FileNames.hasEscapes(path) {
                throw StoreError(description: "the store's path \(path) is not UTF-8: name another with --store")
            }
            return try location.open(access: access)
        } catch {
            TerminalOutput.note("\(error)")
            throw ExitCode(2)
        }
    }
}
