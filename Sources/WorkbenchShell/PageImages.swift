import DocumentPages
import Foundation
import HandwritingAPI
import Leptonica
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
        return Thumbnail(width: grey.width, height: grey.height, pixels: grey.pixels, inkBelow: otsuThreshold(grey.pixels),
                         sourceWidth: image.width, sourceHeight: image.height)
    }

    /// The grey level that best splits ink from paper (Otsu's method).
    static func otsuThreshold(_ pixels: [UInt8]) -> UInt8 {
        var histogram = [Int](repeating: 0, count: 256)
        for p in pixels { histogram[Int(p)] += 1 }
        let total = Double(pixels.count)
        let sum = histogram.enumerated().reduce(0.0) { $0 + Double($1.offset * $1.element) }
        var backgroundWeight = 0.0, backgroundSum = 0.0, best = 0.0, threshold = 128
        for level in 0..<256 {
            backgroundWeight += Double(histogram[level])
            guard backgroundWeight > 0 else { continue }
            let foregroundWeight = total - backgroundWeight
            guard foregroundWeight > 0 else { break }
            backgroundSum += Double(level * histogram[level])
            let meanBack = backgroundSum / backgroundWeight
            let meanFore = (sum - backgroundSum) / foregroundWeight
            let between = backgroundWeight * foregroundWeight * (meanBack - meanFore) * (meanBack - meanFore)
            if between > best {
                best = between
                threshold = level
            }
        }
        return UInt8(min(255, threshold + 1))
    }
}
