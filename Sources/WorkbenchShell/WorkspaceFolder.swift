import DocumentPages
import Foundation
import TranscriptStore
import Transcription
import WorkbenchCore

/// The images and documents of a workspace folder.
public enum WorkspaceFolder {
    /// The folder's files by name, read from the directory alone (no file is opened),
    /// so the first frame can show them at once.
    public static func files(in folder: URL) throws -> [FileEntry] {
        try DocumentFiles.names(in: folder.path).map { FileEntry(name: $0, path: folder.appendingPathComponent($0).standardizedFileURL.path) }
    }

    /// The folder's files, then, from a store that keeps the documents' bytes, each
    /// document not among them (shown from the store's copy): a shared store's workspace
    /// opens on any machine, with its folder or without.
    public static func files(in folder: URL, store: any TranscriptStore) throws -> [FileEntry] {
        let listed = (try? files(in: folder)) ?? []
        guard store.keepsFiles else { return try files(in: folder) }
        let here = Set(listed.map(\.path))
        return listed + (try store.documents()).filter { !here.contains($0.path) }.map { FileEntry(name: $0.name, path: $0.path) }
    }

    /// Registers every file in the store (reading only those new or changed since they
    /// were last hashed) and reports each chunk as it goes (the first file is the list's
    /// file `first`); runs in the background while the person already works.
    static func identify(_ files: [FileEntry], from first: Int = 0, store: any TranscriptStore, post: @Sendable (Message) -> Void) {
        let chunkSize = 64
        let registration = Registration(store: store)
        // Documents the store keeps, by where they were added: files this machine lacks.
        let kept = store.keepsFiles ? Dictionary(((try? store.documents()) ?? []).map { ($0.path, $0) }) { first, _ in first } : [:]
        for start in stride(from: 0, to: files.count, by: chunkSize) {
            let chunk = Array(files[start..<min(files.count, start + chunkSize)])
            do {
                var identities: [FileIdentity] = []
                for (offset, document) in try registration.register(chunk.map(\.path)).enumerated() {
                    let file = first + start + offset
                    guard let document = document ?? (FileManager.default.fileExists(atPath: chunk[offset].path) ? nil : kept[chunk[offset].path]) else {
                        post(.fileUnreadable(file: file, reason: "\(chunk[offset].name): cannot be read"))
                        continue
                    }
                    identities.append(FileIdentity(file: file, documentID: document.id, pageCount: document.pageCount))
                }
                post(.filesIdentified(identities))
            } catch {
                post(.failed("the store could not register files: \(error)"))
            }
        }
        post(.scanFinished)
    }
}
