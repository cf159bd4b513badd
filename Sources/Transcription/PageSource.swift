import DocumentPages
import Foundation
import HandwritingAPI
import QuireText
import Synchronization
import TranscriptStore

/// One page as an engine reads it: its number in its file, and its image (bytes, or an
/// http(s) address the engine fetches), or the contract's error for it.
public struct SourcePage: Sendable {
    public var number: Int
    public var source: Result<ImageSource, ServiceError>

    public init(number: Int, source: Result<ImageSource, ServiceError>) {
        self.number = number
        self.source = source
    }
}

/// Where pages come from, for every front: an image is one page, a TIFF a page per
/// image in it, a PDF a page per page rendered. Files split for `page(_:of:)` are kept
/// for a while, so that a PDF is rendered once for all its pages, not once per page
/// shown or read.
public final class PageSource: Sendable {
    private let recent = Mutex<[(path: String, pages: Result<[PageImage], ServiceError>)]>([])
    private let keep: Int
    /// A shared store, whose copies of the documents stand in for files this machine lacks.
    private let store: (any TranscriptStore)?

    public init(keep: Int = 4, store: (any TranscriptStore)? = nil) {
        self.keep = keep
        self.store = store
    }

    /// The pages of an input named on the command line (a file or an http(s) address),
    /// and for a file its bytes, which the store knows it by.
    public static func pages(of input: String) -> (pages: [SourcePage], file: Data?) {
        if input.contains("://") {
            do throws(ServiceError) {
                return ([SourcePage(number: 1, source: .success(.url(try HandwritingRequest.checkURL(input))))], nil)
            } catch {
                return ([SourcePage(number: 1, source: .failure(error))], nil)
            }
        }
        let data: Data
        do {
            data = try FileNames.contents(of: input)
        } catch {
            return ([SourcePage(number: 1, source: .failure(ServiceError.invalidParameter.explained("cannot read the file: \(error)")))], nil)
        }
        do throws(ServiceError) {
            return (try DocumentPages.pages(of: data).map { SourcePage(number: $0.number, source: .success(.bytes($0.data))) }, data)
        } catch {
            return ([SourcePage(number: 1, source: .failure(error))], data)
        }
    }

    /// The bytes of one page of a file, or the contract error that reading it gives.
    public func page(_ number: Int, of path: String) -> Result<Data, ServiceError> {
        page(number, key: path) { () throws(ServiceError) in try DocumentPages.pages(ofFile: path) }
    }

    /// One page of a registered document's file: from the file where this machine has it,
    /// else from the store's copy (a shared store's workspace, opened without its folder).
    public func page(_ number: Int, of path: String, document id: String) -> Result<Data, ServiceError> {
        if let store, store.keepsFiles, !FileManager.default.fileExists(atPath: path) { return page(number, ofDocument: id, in: store) }
        return page(number, of: path)
    }

    /// The bytes of one page of a registered document: from the store, where it keeps the
    /// documents' bytes, else from the file where this machine has it (if its bytes are
    /// still the document's).
    public func page(_ number: Int, ofDocument id: String, in store: any TranscriptStore) -> Result<Data, ServiceError> {
        page(number, key: "document:" + id) { () throws(ServiceError) in
            let kept: Data?, document: DocumentRecord?
            do {
                kept = try store.file(of: id)
                document = kept == nil ? try store.document(id: id) : nil
            } catch {
                throw ServiceError.invalidParameter.explained("the store could not be read: \(error)")
            }
            if let kept { return try DocumentPages.pages(of: kept) }
            guard let document, let data = try? FileNames.contents(of: document.path), DocumentRecord.id(of: data) == id else {
                throw ServiceError.invalidParameter.explained("the document's bytes are neither in the store nor in a file here")
            }
            return try DocumentPages.pages(of: data)
        }
    }

    private func page(_ number: Int, key path: String, load: () throws(ServiceError) -> [PageImage]) -> Result<Data, ServiceError> {
        let pages: Result<[PageImage], ServiceError>
        if let known = recent.withLock({ list in list.first { $0.path == path }?.pages }) {
            pages = known
        } else {
            do throws(ServiceError) {
                pages = .success(try load())
            } catch {
                pages = .failure(error)
            }
            recent.withLock { list in
                list.removeAll { $0.path == path }
                list.insert((path, pages), at: 0)
                if list.count > keep { list.removeLast() }
            }
        }
        return pages.flatMap { list in
            guard let page = list.first(where: { $0.number == number }) else {
                return .failure(ServiceError.invalidParameter.explained("the file has no page \(number)"))
            }
            return .success(page.data)
        }
    }
}
