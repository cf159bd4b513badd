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
        public var documentID: String
        /// `import:` and the tool that made the file.
        public var engine: String
        public var imported: [Int] = []
        /// Pages left as they were, each with why.
        public var kept: [String] = []
    }

    /// Imports the transcript at `path`; `image` names its page image instead of the file.
    public func importFile(_ path: String, image: String? = nil) throws(ImportError) -> Outcome {
        let plan = try self.plan(path, image: image)
        do { try store.recordRuns(plan.runs) } catch { throw ImportError("the store: \(error)") }
        return plan.outcome
    }

    /// What importing a file would record (the store changed only by its page image
    /// registered as a document).
    public struct Plan: Sendable {
        public var outcome: Outcome
        /// The page image the file is of.
        public var imagePath: String
        var runs: [RunInput]

        /// Importing it would change the store.
        public var changesSomething: Bool { !runs.isEmpty }
    }

    /// Reads the transcript at `path` and its page image, and works out which of its pages
    /// the store should take (registering the image as a document if it is new).
    public func plan(_ path: String, image: String? = nil) throws(ImportError) -> Plan {
        let data: Data
        do { data = try FileNames.contents(of: path) } catch { throw ImportError("cannot be read: \(error.localizedDescription)") }
        let transcript = try TranscriptFile.read(data)
        guard let first = transcript.pages.first else { throw ImportError("no page in it") }
        let imagePath = try Self.imagePath(given: image, named: first.image, beside: path)
        // Known by its path, size and time where it was registered before: not read again.
        let registered: DocumentRecord?
        do { registered = try Registration(store: store).register([imagePath]).first ?? nil } catch { throw ImportError("the store: \(error)") }
        guard let document = registered else { throw ImportError("its page image \(imagePath) cannot be read") }
        let pageCount = document.pageCount
        // Which page of a multi-page image an unnumbered page is cannot be guessed: the
        // wrong guess would replace another page's reading.
        if transcript.pages.contains(where: { !$0.numbered }), transcript.pages.count != pageCount {
            throw ImportError("it does not say which of the \(pageCount) pages of \(imagePath) it holds")
        }
        let engine = "import:" + transcript.source
        var outcome = Outcome(document: document.name, documentID: document.id, engine: engine)
        // The image is opened only when needed: for pages to import, or to scale a page
        // not measured in pixels (a PDF's pages are rendered to be measured).
        var pictures: [PageImage]?
        func size(of number: Int) throws(ImportError) -> ImageInfo {
            if pictures == nil {
                do { pictures = try DocumentPages.pages(ofFile: imagePath) } catch { throw ImportError("its page image \(imagePath): \(error.message)") }
            }
            guard let picture = pictures?.first(where: { $0.number == number }), case .success(let size) = ImageProbe.probe(picture.data) else {
                throw ImportError("page \(number) of \(imagePath) cannot be read as an image")
            }
            return size
        }
        var wanted: [(page: TranscriptFile.Page, result: HandwritingResult)] = []
        for var page in transcript.pages {
            guard (1...max(1, pageCount)).contains(page.number) else {
                throw ImportError("page \(page.number) is not in \(imagePath) (\(pageCount) page\(pageCount == 1 ? "" : "s"))")
            }
            if page.unit != "pixel" {
                guard let width = page.width, let height = page.height, width > 0, height > 0 else {
                    throw ImportError("page \(page.number) is measured in \(page.unit) without its WIDTH and HEIGHT: it cannot be laid on the image")
                }
                let pixels = try size(of: page.number)
                for index in page.lines.indices {
                    page.lines[index].polygon = page.lines[index].polygon.map {
                        Point(x: Int((Double($0.x) * Double(pixels.width) / Double(width)).rounded()),
                              y: Int((Double($0.y) * Double(pixels.height) / Double(height)).rounded()))
                    }
                }
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
                // The same lines in the same places, whoever read them: nothing to add.
                if !current.isEmpty, current.map(\.block.text) == result.blocks.map(\.words), current.map(\.block.points) == result.blocks.map(\.location) {
                    outcome.kept.append("page \(page.number): the store holds this reading already")
                    continue
                }
            } catch {
                throw ImportError("the store: \(error)")
            }
            wanted.append((page, result))
        }
        var runs: [RunInput] = []
        for (page, result) in wanted {
            let size = try size(of: page.number)
            for line in page.lines where !line.polygon.allSatisfy({ (0...size.width).contains($0.x) && (0...size.height).contains($0.y) }) {
                throw ImportError(line: line.sourceLine, "coordinates outside the page image (\(size.width) x \(size.height))")
            }
            runs.append(RunInput(documentID: document.id, page: page.number, engine: engine, options: RecognitionOptions(), startedAt: Date(),
                                 duration: 0, outcome: .success(result), imageSize: (size.width, size.height)))
            outcome.imported.append(page.number)
        }
        return Plan(outcome: outcome, imagePath: imagePath, runs: runs)
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
        guard let found = candidates.first(where: { FileNames.status($0) != nil }) else {
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
