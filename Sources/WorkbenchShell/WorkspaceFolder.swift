import DocumentPages
import Foundation
import TranscriptStore
import WorkbenchCore

/// The images and documents of a workspace folder.
public enum WorkspaceFolder {
    /// The folder's files by name, read from the directory alone (no file is opened),
    /// so the first frame can show them at once.
    public static func files(in folder: URL) throws -> [FileEntry] {
        try DocumentFiles.names(in: folder.path).map { FileEntry(name: $0, path: folder.appendingPathComponent($0).standardizedFileURL.path) }
    }

    /// Reads every file, registers it in the store by its SHA-256, and reports each
    /// chunk as it goes (the first file is the list's file `first`); runs in the
    /// background while the person already works.
    static func identify(_ files: [FileEntry], from first: Int = 0, store: TranscriptStore, post: @Sendable (Message) -> Void) {
        let chunkSize = 64
        for start in stride(from: 0, to: files.count, by: chunkSize) {
            var documents: [TranscriptStore.NewDocument] = []
            var identities: [FileIdentity] = []
            for index in start..<min(files.count, start + chunkSize) {
                let file = files[index]
                guard let data = try? Data(contentsOf: URL(fileURLWithPath: file.path), options: .mappedIfSafe) else {
                    post(.fileUnreadable(file: first + index, reason: "\(file.name): cannot be read"))
                    continue
                }
                let id = TranscriptStore.documentID(of: data)
                let pageCount = DocumentPages.pageCount(of: data)
                documents.append(.init(id: id, name: file.name, path: file.path, byteCount: data.count, pageCount: pageCount))
                identities.append(FileIdentity(file: first + index, documentID: id, pageCount: pageCount))
            }
            do {
                try store.addDocuments(documents)
                post(.filesIdentified(identities))
            } catch {
                post(.failed("the store could not register files: \(error)"))
            }
        }
        post(.scanFinished)
    }
}
