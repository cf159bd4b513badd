import Foundation
import Leptonica
import TerminalPictures
import WorkbenchCore

/// The page pane's picture: a page shrunk to grey, for braille and the page's outline.
enum Thumbnails {
    /// Long enough a side for a preview pane on a large terminal (200 dots are 100 cells).
    static let maxSide = 480

    static func make(from data: Data) -> Thumbnail? {
        guard let image = Image(decoding: data), let grey = image.greyPixels(maxSide: maxSide) else { return nil }
        return Thumbnail(width: grey.width, height: grey.height, pixels: grey.pixels, inkBelow: Otsu.threshold(grey.pixels),
                         sourceWidth: image.width, sourceHeight: image.height)
    }
}
