import DocumentPages
import Foundation
import HandwritingAPI
import Leptonica
import TerminalPictures
import WorkbenchCore

/// Page images of the files, split once and kept for a while: a PDF is rendered
/// once for all its pages, not once per page shown or recognised.
final class PageImages: Sendable {
    private let recent = Locked<[(path: String, pages: Result<[PageImage], ServiceError>)]>([])
    private let keep = 4

    /// The bytes of one page, or the contract error that reading it gives.
    func page(_ number: Int, of path: String) -> Result<Data, ServiceError> {
        let pages: Result<[PageImage], ServiceError>
        if let known = recent.withLock({ list in list.first { $0.path == path }?.pages }) {
            pages = known
        } else {
            do throws(ServiceError) {
                pages = .success(try DocumentPages.pages(ofFile: path))
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

enum Thumbnails {
    /// Long enough a side for a preview pane on a large terminal (200 dots are 100 cells).
    static let maxSide = 480

    static func make(from data: Data) -> Thumbnail? {
        guard let image = Image(decoding: data), let grey = image.greyPixels(maxSide: maxSide) else { return nil }
        return Thumbnail(width: grey.width, height: grey.height, pixels: grey.pixels, inkBelow: Otsu.threshold(grey.pixels),
                         sourceWidth: image.width, sourceHeight: image.height)
    }
}
