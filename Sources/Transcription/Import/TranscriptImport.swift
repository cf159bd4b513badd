import DocumentPages
import Foundation
import HandwritingAPI
import QuireText
import TranscriptStore

/// `quire import`: a transcript file another tool made, recorded as a run of each page it
/// holds (engine `import:SOURCE`), on the document its page image is. One file is one
/// transaction: all its pages or none. A page someone corrected keeps its reading, and a
/// file imported again changes nothing.
public struct TranscriptImport: Sendable {
    public let store: any TranscriptStore

    public init(store: any TranscriptStore) { self.store = store }

    /// What one file came to.
    public struct Outcome: Equatable, Sendable {
        public var document: String
        public var imported: [Int] = []
        /// Pages left as they were, each with why.
        public var kept: [String] = []
    }

    /// Imports the transcript at `path`; `image` names its page image instead of the file.
    public func importFile(_ path: String, image: String? = nil) throws(ImportError) -> Outcome {
        let data: Data
        do { data = try FileNames.contents(of: path) } catch { throw ImportError("cannot be read: \(error.localizedDescription)") }
        let transcript = try TranscriptFile.read(data)
        guard let first = transcript.pages.first else { throw ImportError("no page in it") }
        let imagePath = try Self.imagePath(given: image, named: first.image, beside: path)
        let imageData: Data
        do { imageData = try FileNames.contents(of: imagePath) } catch { throw ImportError("its page image \(imagePath) cannot be read") }
        let pages: [PageImage]
        do { pages = try DocumentPages.pages(of: imageData) } catch { throw ImportError("its page image \(imagePath): \(error.message)") }
        let document: DocumentRecord
        do { document = try Registration(store: store).register(path: imagePath, data: imageData) } catch {
            throw ImportError("the store: \(error)")
        }
        var outcome = Outcome(document: document.name)
        var runs: [RunInput] = []
        let engine = "import:" + transcript.source
        for page in transcript.pages {
            guard let picture = pages.first(where: { $0.number == page.number }) else {
                throw ImportError("page \(page.number) is not in \(imagePath) (\(pages.count) page\(pages.count == 1 ? "" : "s"))")
            }
            guard case .success(let size) = ImageProbe.probe(picture.data) else { throw ImportError("its page image \(imagePath) is not an image") }
            for line in page.lines where !line.polygon.allSatisfy({ (0...size.width).contains($0.x) && (0...size.height).contains($0.y) }) {
                throw ImportError(line: line.sourceLine, "coordinates outside the page image (\(size.width) x \(size.height))")
            }
            let result = HandwritingResult(blocks: page.lines.map { line in
                // A line without a confidence needs review whatever the threshold.
                WordsBlock(words: line.text, confidence: line.confidence.map { min(1, max(0, $0)) } ?? 0, location: Self.fourCorners(line.polygon))
            })
            do {
                let current = try store.currentBlocks(of: document.id, page: page.number)
                if current.contains(where: { $0.correction != nil }) {
                    outcome.kept.append("page \(page.number): corrected already, so its reading stays")
                    continue
                }
                if let run = try store.runs(of: document.id, page: page.number).last(where: { $0.succeeded }), run.engine == engine,
                   current.map(\.block.text) == result.blocks.map(\.words), current.map(\.block.points) == result.blocks.map(\.location) {
                    outcome.kept.append("page \(page.number): imported already")
                    continue
                }
            } catch {
                throw ImportError("the store: \(error)")
            }
            runs.append(RunInput(documentID: document.id, page: page.number, engine: engine, options: RecognitionOptions(), startedAt: Date(),
                                 duration: 0, outcome: .success(result), imageSize: (size.width, size.height)))
            outcome.imported.append(page.number)
        }
        do { try store.recordRuns(runs) } catch { throw ImportError("the store: \(error)") }
        return outcome
    }

    /// `--image`, else the file's own name for it: as given, beside the transcript, or in
    /// the folder above (a `page/` or `alto/` folder beside the images).
    static func imagePath(given: String?, named: String?, beside transcript: String) throws(ImportError) -> String {
        if let given { return given }
        guard let named, !named.isEmpty else { throw ImportError("it names no page image: give --image") }
        let folder = URL(fileURLWithPath: transcript).deletingLastPathComponent()
        let name = (named as NSString).lastPathComponent
        let candidates = [named.hasPrefix("/") ? named : folder.appendingPathComponent(named).path,
                          folder.appendingPathComponent(name).path, folder.deletingLastPathComponent().appendingPathComponent(name).path]
        guard let found = candidates.first(where: { FileManager.default.fileExists(atPath: $0) }) else {
            throw ImportError("its page image \(named) is not found beside it: give --image")
        }
        return found
    }

    /// The contract's four vertices: a polygon's own when it has four, else its box's.
    static func fourCorners(_ polygon: [Point]) -> [Point] {
        guard polygon.count != 4 else { return polygon }
        return Rect(x0: polygon.map(\.x).min() ?? 0, y0: polygon.map(\.y).min() ?? 0, x1: polygon.map(\.x).max() ?? 0,
                    y1: polygon.map(\.y).max() ?? 0).corners
    }
}
