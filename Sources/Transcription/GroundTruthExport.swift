import DocumentPages
import Foundation
import Leptonica
import QuireText
import TranscriptStore

/// A training set: each line a person corrected or reviewed, cut from its page image
/// (`NAME.pP.lNNN.png`) with its text beside it (`NAME.pP.lNNN.gt.txt`). Lines nobody
/// checked are left out: ground truth has to be true. The page images are read again
/// from where each document was last seen, and only if its bytes are still the same.
public enum GroundTruthExport {
    /// Pixels kept around each line's box.
    public static let margin = 4

    public static func write(_ documents: [ExportDocument], to folder: URL) throws -> (files: [URL], skipped: [String]) {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var files: [URL] = [], skipped: [String] = []
        var used = Set<String>()
        for entry in documents {
            let checked = entry.pages.flatMap { page in page.blocks.filter { $0.reviewed || $0.corrected != nil }.map { (page, $0) } }
            guard !checked.isEmpty else { continue }
            guard let data = try? FileNames.contents(of: entry.document.path),
                  DocumentRecord.id(of: data) == entry.document.id else {
                skipped.append("\(entry.document.name): not found unchanged at \(entry.document.path)")
                continue
            }
            let pages = (try? DocumentPages.pages(of: data)) ?? []
            var base = ExportNames.safe(entry.document.name)
            if used.contains(base.lowercased()) { base += "-" + entry.document.id.prefix(8) }
            used.insert(base.lowercased())
            for (page, block) in checked {
                guard let pageData = pages.first(where: { $0.number == page.number })?.data, let image = Image(decoding: pageData) else {
                    skipped.append("\(entry.document.name) page \(page.number): the image could not be read")
                    continue
                }
                let box = block.box
                let x = max(0, box.x0 - margin), y = max(0, box.y0 - margin)
                let width = min(image.width, box.x1 + margin) - x, height = min(image.height, box.y1 + margin) - y
                guard width > 0, height > 0, let crop = image.cropped(x: x, y: y, width: width, height: height), let png = crop.pngData() else {
                    skipped.append("\(entry.document.name) page \(page.number) line \(block.position + 1): no pixels in its box")
                    continue
                }
                let stem = String(format: "%@.p%d.l%03d", base, page.number, block.position + 1)
                let imageFile = folder.appendingPathComponent(stem + ".png"), textFile = folder.appendingPathComponent(stem + ".gt.txt")
                try png.write(to: imageFile)
                try Data((block.text + "\n").utf8).write(to: textFile)
                files += [imageFile, textFile]
            }
        }
        return (files, skipped)
    }
}
