import Foundation

/// The formats transcripts leave Quire in.
public enum ExportFormat: String, CaseIterable, Sendable {
    case txt, md, json, tsv, hocr, page, alto

    /// PAGE and ALTO describe one page a file; the others one document a file (TSV: the whole set).
    public var perPage: Bool { self == .page || self == .alto }

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
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        var names = SafeFileNames()
        var written: [URL] = []
        func save(_ text: String, _ name: String) throws {
            let url = folder.appendingPathComponent(name)
            try Data(text.utf8).write(to: url, options: .atomic)
            written.append(url)
        }
        if format == .tsv {
            try save(TSVExport.render(documents), "transcripts.tsv")
            return written
        }
        for document in documents {
            let base = names.unique(for: document.document)
            if format.perPage {
                for page in document.pages {
                    let text = format == .page ? PageXMLExport.render(document, page) : ALTOExport.render(document, page)
                    try save(text, "\(base).p\(page.number).\(format.fileExtension)")
                }
            } else {
                let text: String
                switch format {
                case .txt: text = PlainTextExport.render(document)
                case .md: text = MarkdownExport.render(document)
                case .json: text = JSONExport.render(document)
                default: text = HOCRExport.render(document)
                }
                try save(text, "\(base).\(format.fileExtension)")
            }
        }
        return written
    }
}

/// File names from document names: letters and digits of any script, `-`, `_` and
/// `.` kept, everything else `_`; never empty, never starting with a dot, never the
/// same twice (the document's id is added on a clash).
struct SafeFileNames {
    private var used: Set<String> = []

    static func safe(_ name: String) -> String {
        let stem = (name as NSString).deletingPathExtension
        var out = String(stem.unicodeScalars.map { scalar -> Character in
            scalar.properties.isAlphabetic || scalar.properties.numericType != nil || "-_.".unicodeScalars.contains(scalar)
                ? Character(scalar) : "_"
        })
        while out.hasPrefix(".") { out.removeFirst() }
        if out.count > 120 { out = String(out.prefix(120)) }
        return out.isEmpty ? "document" : out
    }

    mutating func unique(for document: DocumentRecord) -> String {
        var name = Self.safe(document.name)
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
        let formatter = ISO8601DateFormatter()
        formatter.formatOptions = [.withInternetDateTime]
        return formatter.string(from: date)
    }
}
