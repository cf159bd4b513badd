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

    /// Registers every file in the store (reading only those new or changed since they
    /// were last hashed) and reports each chunk as it goes (the first file is the list's
    /// file `first`); runs in the background while the person already works.
    static func identify(_ files: [FileEntry], from first: Int = 0, store: any TranscriptStore, post: @Sendable (Message) -> Void) {
        let chunkSize = 64
        let registration = Registration(store: store)
        for start in stride(from: 0, to: files.count, by: chunkSize) {
            let chunk = Array(files[start..<min(files.count, start + chunkSize)])
            do {
                var identities: [FileIdentity] = []
                for (offset, document) in try registration.register(chunk.map(\.path)).enumerated() {
                    let file = first + start + offset
                    guard let document else {
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
