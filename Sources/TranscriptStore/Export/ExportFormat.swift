import Foundation
import Synchronization

/// The formats transcripts leave Quire in. `gt` (ground truth for training: each
/// checked line cut from its page image, its text beside it) needs the page images,
/// so Transcription's `TranscriptExport` writes it; the store writes the others.
public enum ExportFormat: String, CaseIterable, Sendable {
    case txt, md, json, tsv, hocr, page, alto, gt

    /// PAGE and ALTO describe one page a file; the others one document a file (TSV: the whole set).
    public var perPage: Bool { self == .page || self == .alto }

    /// Written from the page images, not from the store alone.
    public var needsPageImages: Bool { self == .gt }

    /// The formats the store writes by itself.
    public static let transcriptFormats = allCases.filter { !$0.needsPageImages }

    var fileExtension: String {
        switch self {
        case .page: return "page.xml"
        case .alto: return "alto.xml"
        case .hocr: return "hocr.html"
        default: return rawValue
        }
    }
}

public enum Exporter {
    /// Writes the documents in `format` into `folder` and returns the files written.
    /// Names come from the documents' names made safe; nothing lands outside `folder`.
    public static func write(_ documents: [ExportDocument], as format: ExportFormat, to folder: URL) throws -> [URL] {
        guard !format.needsPageImages else { throw NeedsPageImages(format: format) }
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var names = SafeFileNames()
        var written: [URL] = []
        func save(_ text: String, _ name: String) throws {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url)
            written.append(url)
        }
        if format == .tsv {
            try save(TSVExport.render(documents), "transcripts.tsv")
            return written
        }
        // Names first, in order; then every document rendered and written at once (rendering is pure).
        let bases = documents.map { names.unique(for: $0.document) }
        let jobs: [(name: String, render: @Sendable () -> String)] = zip(documents, bases).flatMap { document, base in
            if format.perPage {
                return document.pages.map { page in
                    ("\(base).p\(page.number).\(format.fileExtension)",
                     { @Sendable in format == .page ? PageXMLExport.render(document, page) : ALTOExport.render(document, page) })
                }
            }
            return [("\(base).\(format.fileExtension)", { @Sendable in
                switch format {
                case .txt: return PlainTextExport.render(document)
                case .md: return MarkdownExport.render(document)
                case .json: return JSONExport.render(document)
                default: return HOCRExport.render(document)
                }
            })]
        }
        let failures = Mutex<[any Error]>([])
        DispatchQueue.concurrentPerform(iterations: jobs.count) { index in
            do {
                try Data(jobs[index].render().utf8).write(to: folder.appendingPathComponent(jobs[index].name))
            } catch {
                failures.withLock { $0.append(error) }
            }
        }
        if let error = failures.withLock({ $0.first }) { throw error }
        written = jobs.map { folder.appendingPathComponent($0.name) }
        return written
    }
}

/// Asked to write a format the page images are needed for.
public struct NeedsPageImages: Error, CustomStringConvertible {
    public let format: ExportFormat
    public var description: String { "\(format.rawValue) is written from the page images (TranscriptExport)" }
}

/// Safe file names from document names, for every export.
public enum ExportNames {
    /// Letters and digits of any script, `-`, `_` and `.` kept, everything else `_`;
    /// never empty, never starting with a dot, never a path.
    public static func safe(_ name: String) -> String {
        let stem = (name as NSString).deletingPathExtension
        var out = String(stem.unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil || "-_.".unicodeScalars.contains(scalar)
                ? Character(scalar) : "_"
        })
        while out.hasPrefix(".") { out.removeFirst() }
        if out.count > 120 { out = String(out.prefix(120)) }
        return out.isEmpty ? "document" : out
    }
}

/// Never the same name twice: the document's id is added on a clash.
struct SafeFileNames {
    private var used: Set<String> = []

    mutating func unique(for document: DocumentRecord) -> String {
        var name = ExportNames.safe(document.name)
        if used.contains(name.lowercased()) { name += "-" + document.id.prefix(8) }
        used.insert(name.lowercased())
        return name
    }
}

/// Text made safe inside XML and HTML.
enum XML {
    static func escape(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar {
            case "&": out += "&amp;"
            case "<": out += "&lt;"
            case ">": out += "&gt;"
            case "\"": out += "&quot;"
            case "'": out += "&apos;"
            default:
                // XML 1.0 allows no C0 controls but tab, newline and return.
                if scalar.value < 0x20 && scalar != "\t" && scalar != "\n" && scalar != "\r" { out += "\u{FFFD}" } else { out.unicodeScalars.append(scalar) }
            }
        }
        return out
    }

    static func timestamp(_ date: Date) -> String {
        let seconds = Int(date.timeIntervalSince1970)
        let days = seconds >= 0 ? seconds / 86_400 : (seconds - 86_399) / 86_400  // floor, before 1970 too
        let time = seconds - days * 86_400
        let (year, month, day) = civilDate(daysSinceEpoch: days)
        return String(format: "%04d-%02d-%02dT%02d:%02d:%02dZ", year, month, day, time / 3600, time % 3600 / 60, time % 60)
    }

    /// Days since 1970-01-01 to a proleptic Gregorian date (Howard Hinnant's algorithm).
    /// Formatting by hand: Foundation's formatters cost more than the rest of a page.
    static func civilDate(daysSinceEpoch: Int) -> (Int, Int, Int) {
        let z = daysSinceEpoch + 719_468
        let era = (z >= 0 ? z : z - 146_096) / 146_097
        let doe = z - era * 146_097
        let yoe = (doe - doe / 1460 + doe / 36524 - doe / 146_096) / 365
        let doy = doe - (365 * yoe + yoe / 4 - yoe / 100)
        let mp = (5 * doy + 2) / 153
        let day = doy - (153 * mp + 2) / 5 + 1
        let month = mp < 10 ? mp + 3 : mp - 9
        return (yoe + era * 400 + (month <= 2 ? 1 : 0), month, day)
    }
}
