import DocumentPages
import Foundation
import QuireText
import TranscriptStore

/// Registers documents in a store by their bytes; `quire add`, `quire recognize --store`
/// and the workbench's folder scan all register files this one way. A file whose path,
/// size and modification time are those it had when last hashed is known without being
/// read again (as make and rsync judge a file unchanged), so reopening a large folder
/// reads only what changed. A shared store keeps each new file's bytes too, before the
/// document is registered: a registered document's pages can always be had from it.
public struct Registration: Sendable {
    public let store: any TranscriptStore

    public init(store: any TranscriptStore) { self.store = store }

    /// Registers a file whose bytes are already read.
    @discardableResult
    public func register(path: String, data: Data) throws -> DocumentRecord {
        let path = Self.absolute(path)
        if store.keepsFiles { try store.keepFile(data) }
        return try store.addDocument(name: (path as NSString).lastPathComponent, path: path, data: data,
                                     pageCount: DocumentPages.pageCount(of: data), fileModifiedAt: Self.stamp(of: path)?.modified)
    }

    /// Registers files in one transaction: each file's document, in order, or nil for a
    /// file that could not be read.
    public func register(_ paths: [String]) throws -> [DocumentRecord?] {
        var known: [Int: DocumentRecord] = [:]
        var new: [(index: Int, document: NewDocument)] = []
        for (index, given) in paths.enumerated() {
            let path = Self.absolute(given), name = (path as NSString).lastPathComponent
            let stamp = Self.stamp(of: path)
            if let stamp, let document = try store.document(atPath: path, byteCount: stamp.size, fileModifiedAt: stamp.modified),
               document.name == name {
                known[index] = document
                continue
            }
            guard let data = try? FileNames.contents(of: path) else { continue }
            if store.keepsFiles { try store.keepFile(data) }
            new.append((index, .init(id: DocumentRecord.id(of: data), name: name, path: path, byteCount: data.count,
                                     pageCount: DocumentPages.pageCount(of: data), fileModifiedAt: stamp?.modified)))
        }
        for (entry, document) in zip(new, try store.addDocuments(new.map(\.document))) { known[entry.index] = document }
        return paths.indices.map { known[$0] }
    }

    /// Where a file is, whatever folder a later command runs in.
    public static func absolute(_ path: String) -> String {
        URL(fileURLWithPath: path).standardizedFileURL.path
    }

    /// The file's size and modification time (seconds since 1970), without opening it.
    static func stamp(of path: String) -> (size: Int, modified: Double)? {
        guard let info = FileNames.status(path) else { return nil }
        return (Int(info.st_size), Double(info.st_mtim.tv_sec) + Double(info.st_mtim.tv_nsec) / 1e9)
    }
}
