import ArgumentParser
import DocumentPages
import Foundation
import TranscriptStore

/// `--store PATH`, for every command that keeps or reads the workspace's work.
struct StoreOption: ParsableArguments {
    @Option(help: ArgumentHelp("The store file (default: .quire/quire.db in the workspace folder).", valueName: "path"))
    var store: String?

    /// Opens the given store, or the workspace folder's own; a failure is explained and exits 2.
    func open(workspace: URL = URL(fileURLWithPath: FileManager.default.currentDirectoryPath)) throws -> TranscriptStore {
        try Self.open(path: store ?? TranscriptStore.defaultPath(forWorkspace: workspace).path)
    }

    static func open(path: String) throws -> TranscriptStore {
        do {
            return try TranscriptStore(path: path)
        } catch {
            TerminalOutput.note(error.description)
            throw ExitCode(2)
        }
    }
}

/// The image and document files in a folder, or the files named, in name order.
enum WorkspaceFiles {

    /// Where a file is, whatever folder a later command runs in.
    static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    static func expand(_ paths: [String]) -> [String] {
        paths.flatMap { path -> [String] in
            var isFolder: ObjCBool = false
            guard FileManager.default.fileExists(atPath: path, isDirectory: &isFolder), isFolder.boolValue else { return [path] }
            return ((try? DocumentFiles.names(in: path)) ?? []).map { (path as NSString).appendingPathComponent($0) }
        }
    }
}
