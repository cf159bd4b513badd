import Foundation
import HandwritingAPI

/// A transcript another tool made of a document: its pages, each with its lines in
/// reading order, as PAGE XML, ALTO or hOCR put them.
public struct TranscriptFile: Equatable, Sendable {
    public enum Format: String, Sendable {
        case page, alto, hocr
    }

    public var format: Format
    /// Who made it, as the file says (`tesseract`, `transkribus`, `escriptorium`, …),
    /// else the format's name: the run's engine is `import:` and this.
    public var source: String
    public var pages: [Page]

    public struct Page: Equatable, Sendable {
        /// The page image the file names, as it names it.
        public var image: String?
        public var number: Int
        /// Whether the file says which page of its image this is (else it is the page's
        /// place in the file, which is right only for an image of as many pages).
        public var numbered: Bool
        public var width: Int?
        public var height: Int?
        public var lines: [Line]
        /// What the coordinates (and the width and height) count: pixels, or ALTO's
        /// tenths of a millimetre (`mm10`) or 1/1200 inches (`inch1200`), which the
        /// page's size in them relates to the image's pixels.
        public var unit = "pixel"
    }

    public struct Line: Equatable, Sendable {
        public var text: String
        public var polygon: [Point]
        /// 0 to 1; nil where the file gives none (the line then needs review).
        public var confidence: Double?
        /// Where the line is in the file, for errors.
        public var sourceLine: Int = 0
    }

    /// Reads PAGE XML (2013 or 2019), ALTO (v2 to v4) or hOCR, whichever the file is.
    public static func read(_ data: Data) throws(ImportError) -> TranscriptFile {
        let root = try XMLTree.parse(data)
        switch root.name {
        case "PcGts": return try PageXMLReader.read(root)
        case "alto": return try ALTOReader.read(root)
        case "html": return try HOCRReader.read(root)
        default: throw ImportError(line: root.line, "<\(root.name)> is neither PAGE XML, ALTO nor hOCR")
        }
    }

    /// The engine a source's name says, from words a tool writes of itself.
    static func source(from text: String, else format: Format) -> String {
        let lowered = text.lowercased()
        for known in ["transkribus", "escriptorium", "kraken", "tesseract", "ocrmypdf", "abbyy", "ocr-d", "quire"] where lowered.contains(known) {
            return known
        }
        return format.rawValue
    }

    /// Numbers in `text` as points: PAGE's "x,y x,y …", ALTO's "x y x y …" or "x,y x,y".
    static func points(_ text: String, line: Int) throws(ImportError) -> [Point] {
        let numbers = text.split { $0 == " " || $0 == "," || $0 == "\n" || $0 == "\t" }.map { Double($0) }
        guard numbers.count >= 6, numbers.count % 2 == 0, numbers.allSatisfy({ $0 != nil && $0!.isFinite }) else {
            throw ImportError(line: line, "coordinates \"\(text.prefix(60))\" are not a polygon")
        }
        let values = numbers.map { Int(($0 ?? 0).rounded()) }
        return stride(from: 0, to: values.count, by: 2).map { Point(x: values[$0], y: values[$0 + 1]) }
    }

    static func box(x: String?, y: String?, width: String?, height: String?, line: Int) throws(ImportError) -> [Point] {
        guard let x = x.flatMap(Double.init), let y = y.flatMap(Double.init), let width = width.flatMap(Double.init),
              let height = height.flatMap(Double.init), width >= 0, height >= 0 else {
            throw ImportError(line: line, "a line without HPOS, VPOS, WIDTH and HEIGHT")
        }
        return Rect(x0: Int(x.rounded()), y0: Int(y.rounded()), x1: Int((x + width).rounded()), y1: Int((y + height).rounded())).corners
    }
}

/// PAGE XML: `TextRegion`s (in `ReadingOrder` where given), their `TextLine`s with `Coords`
/// and the first `TextEquiv` (its `conf`); a line without text of its own is its words'.
enum PageXMLReader {
    static let namespaces = ["http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15",
                             "http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"]

    static func read(_ root: XMLNode) throws(ImportError) -> TranscriptFile {
        guard namespaces.contains(root.namespace) else {
            throw ImportError(line: root.line, "unknown PAGE namespace \"\(root.namespace)\" (2013-07-15 and 2019-07-15 are read)")
        }
        guard let page = root.first("Page") else { throw ImportError(line: root.line, "no <Page>") }
        var regions = page.all("TextRegion")
        // ReadingOrder names regions by id, in order; those it leaves out follow in document order.
        let ordered = page.first("ReadingOrder").map { order in
            order.all("RegionRefIndexed").sorted { Int($0.attributes["index"] ?? "") ?? 0 < Int($1.attributes["index"] ?? "") ?? 0 }
                .compactMap { $0.attributes["regionRef"] }
        } ?? []
        if !ordered.isEmpty {
            let rank = Dictionary(ordered.enumerated().map { ($1, $0) }) { first, _ in first }
            regions = regions.enumerated().sorted { a, b in
                (rank[a.element.attributes["id"] ?? ""] ?? ordered.count + a.offset) < (rank[b.element.attributes["id"] ?? ""] ?? ordered.count + b.offset)
            }.map(\.element)
        }
        var lines: [TranscriptFile.Line] = []
        for region in regions {
            for line in region.children.filter({ $0.name == "TextLine" }) {
                guard let coords = line.children.first(where: { $0.name == "Coords" }) else {
                    throw ImportError(line: line.line, "a TextLine without Coords")
                }
                let equiv = line.children.first { $0.name == "TextEquiv" }
                let text = equiv?.first("Unicode")?.text
                    ?? line.children.filter { $0.name == "Word" }.compactMap { $0.first("TextEquiv")?.first("Unicode")?.text }.joined(separator: " ")
                lines.append(.init(text: text, polygon: try TranscriptFile.points(coords.attributes["points"] ?? "", line: coords.line),
                                   confidence: equiv?.attributes["conf"].flatMap(Double.init), sourceLine: line.line))
            }
        }
        let creator = root.first("Creator")?.allText ?? ""
        let number = root.first("Metadata")?.children.first { $0.name == "MetadataItem" && $0.attributes["name"] == "pageNumber" }
            .flatMap { $0.attributes["value"] }.flatMap { Int($0) }
        return TranscriptFile(format: .page, source: TranscriptFile.source(from: creator, else: .page), pages: [
            .init(image: page.attributes["imageFilename"], number: number ?? 1, numbered: number != nil, width: page.attributes["imageWidth"].flatMap { Int($0) },
                  height: page.attributes["imageHeight"].flatMap { Int($0) }, lines: lines),
        ])
    }
}

/// ALTO: each `Page`'s `TextLine`s (by `Shape/Polygon` where given, else their box), the
/// text their `String`s' `CONTENT` joined by spaces, the confidence their `WC`s' mean.
enum ALTOReader {
    static func read(_ root: XMLNode) throws(ImportError) -> TranscriptFile {
        guard root.namespace.range(of: #"^http://www\.loc\.gov/standards/alto/ns-v[234]#$"#, options: .regularExpression) != nil else {
            throw ImportError(line: root.line, "unknown ALTO namespace \"\(root.namespace)\" (v2 to v4 are read)")
        }
        let unit = root.first("MeasurementUnit")?.allText.trimmingCharacters(in: .whitespacesAndNewlines) ?? "pixel"
        guard ["pixel", "mm10", "inch1200"].contains(unit) else {
            throw ImportError(line: root.first("MeasurementUnit")?.line, "coordinates in \(unit): pixel, mm10 and inch1200 are read")
        }
        let image = root.first("sourceImageInformation")?.first("fileName")?.allText.trimmingCharacters(in: .whitespacesAndNewlines)
        let software = root.first("OCRProcessing")?.allText ?? root.first("Processing")?.allText ?? ""
        let pageNodes = root.all("Page")
        // PHYSICAL_IMG_NR counts from 1, but Tesseract writes 0 for the first page.
        let physical = pageNodes.map { $0.attributes["PHYSICAL_IMG_NR"].flatMap { Double($0) }.map { Int($0) } }
        let numbered = !physical.isEmpty && physical.allSatisfy { $0 != nil && $0! >= 0 }
        let firstNumber = physical.compactMap { $0 }.contains(0) ? 0 : 1
        let pages = try pageNodes.enumerated().map { index, page throws(ImportError) in
            let lines = try page.all("TextLine").map { line throws(ImportError) -> TranscriptFile.Line in
                let strings = line.children.filter { $0.name == "String" }
                let confidences = strings.compactMap { $0.attributes["WC"].flatMap(Double.init) }
                let polygon: [Point]
                if let shape = line.children.first(where: { $0.name == "Shape" })?.first("Polygon") {
                    polygon = try TranscriptFile.points(shape.attributes["POINTS"] ?? "", line: shape.line)
                } else {
                    polygon = try TranscriptFile.box(x: line.attributes["HPOS"], y: line.attributes["VPOS"], width: line.attributes["WIDTH"],
                                                     height: line.attributes["HEIGHT"], line: line.line)
                }
                return .init(text: strings.compactMap { $0.attributes["CONTENT"] }.joined(separator: " "), polygon: polygon,
                             confidence: confidences.isEmpty ? nil : confidences.reduce(0, +) / Double(confidences.count), sourceLine: line.line)
            }
            return TranscriptFile.Page(image: image, number: numbered ? physical[index]! - firstNumber + 1 : index + 1, numbered: numbered,
                                       width: page.attributes["WIDTH"].flatMap { Double($0) }.map { Int($0.rounded()) },
                                       height: page.attributes["HEIGHT"].flatMap { Double($0) }.map { Int($0.rounded()) }, lines: lines, unit: unit)
        }
        return TranscriptFile(format: .alto, source: TranscriptFile.source(from: software, else: .alto), pages: pages)
    }
}

/// hOCR: each `ocr_page` (its `image` and `bbox`), its lines (`ocr_line` and the other
/// line classes) with their `bbox`, the text their `ocrx_word`s joined by spaces, the
/// confidence the line's `x_wconf`, else its words' mean (0-100 read as 0-1).
enum HOCRReader {
    static let lineClasses: Set<String> = ["ocr_line", "ocrx_line", "ocr_header", "ocr_caption", "ocr_textfloat"]

    static func read(_ root: XMLNode) throws(ImportError) -> TranscriptFile {
        let system = root.all("meta").first { $0.attributes["name"] == "ocr-system" }?.attributes["content"] ?? ""
        let pages = try root.all("div").filter { classes($0).contains("ocr_page") }.enumerated().map { index, page throws(ImportError) in
            let properties = Self.properties(page)
            let bbox = properties["bbox"].map(numbers) ?? []
            let lines = try page.all("span").filter { !classes($0).isDisjoint(with: lineClasses) }.map { line throws(ImportError) -> TranscriptFile.Line in
                let properties = Self.properties(line)
                guard let box = properties["bbox"].map(numbers), box.count == 4 else { throw ImportError(line: line.line, "an hOCR line without a bbox") }
                let words = line.all("span").filter { classes($0).contains("ocrx_word") }
                let confidences = words.compactMap { Self.properties($0)["x_wconf"].flatMap(Double.init) }
                let confidence = properties["x_wconf"].flatMap(Double.init)
                    ?? (confidences.isEmpty ? nil : confidences.reduce(0, +) / Double(confidences.count))
                let text = words.isEmpty ? line.allText : words.map { $0.allText }.joined(separator: " ")
                return .init(text: text.split(whereSeparator: \.isWhitespace).joined(separator: " "),
                             polygon: Rect(x0: box[0], y0: box[1], x1: box[2], y1: box[3]).corners, confidence: confidence.map { $0 / 100 },
                             sourceLine: line.line)
            }
            let number = properties["ppageno"].flatMap { Int($0) }.map { $0 + 1 }
            return TranscriptFile.Page(image: properties["image"], number: number ?? index + 1, numbered: number != nil, width: bbox.count == 4 ? bbox[2] - bbox[0] : nil,
                                       height: bbox.count == 4 ? bbox[3] - bbox[1] : nil, lines: lines)
        }
        guard !pages.isEmpty else { throw ImportError(line: root.line, "no ocr_page in this HTML: not hOCR") }
        return TranscriptFile(format: .hocr, source: TranscriptFile.source(from: system, else: .hocr), pages: pages)
    }

    private static func classes(_ node: XMLNode) -> Set<String> {
        Set((node.attributes["class"] ?? "").split(separator: " ").map(String.init))
    }

    /// `title="image "x.png"; bbox 0 0 10 10; x_wconf 95"` as name to value (quotes taken off).
    private static func properties(_ node: XMLNode) -> [String: String] {
        var found: [String: String] = [:]
        for property in (node.attributes["title"] ?? "").split(separator: ";") {
            let trimmed = property.trimmingCharacters(in: .whitespaces)
            guard let space = trimmed.firstIndex(of: " ") else { continue }
            var value = trimmed[trimmed.index(after: space)...].trimmingCharacters(in: .whitespaces)
            if value.hasPrefix("\""), value.hasSuffix("\""), value.count >= 2 { value = String(value.dropFirst().dropLast()) }
            found[String(trimmed[..<space])] = value
        }
        return found
    }

    private static func numbers(_ text: String) -> [Int] {
        text.split(separator: " ").compactMap { Int($0) }
    }
}
