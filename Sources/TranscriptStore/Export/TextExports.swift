import Foundation
import HandwritingAPI

/// The corrected text in reading order; pages apart by a form feed, as OCR tools do.
enum PlainTextExport {
    static func render(_ document: ExportDocument) -> String {
        document.pages.map { page in page.blocks.map(\.text).joined(separator: "\n") + "\n" }.joined(separator: "\u{0C}")
    }
}

/// A heading per document and page, a line per block, Markdown's own characters escaped.
enum MarkdownExport {
    static func render(_ document: ExportDocument) -> String {
        var out = "# \(escape(document.document.name))\n"
        for page in document.pages {
            out += "\n## Page \(page.number)\n\n"
            out += page.blocks.map { escape($0.text) + "  " }.joined(separator: "\n") + "\n"
        }
        return out
    }

    static func escape(_ text: String) -> String {
        var out = ""
        for character in text {
            if "\\`*_{}[]()<>#+-.!|~".contains(character) { out.append("\\") }
            out.append(character)
        }
        return out
    }
}

/// The contract's response per page, each block with what was recognised and what a
/// person made of it.
enum JSONExport {
    static func render(_ document: ExportDocument) -> String {
        let pages = document.pages.map { page -> String in
            let blocks = page.blocks.map { block in
                "{\"words\": \(ContractJSON.quote(block.text)), \"type\": \"text\", \"confidence\": \(block.confidence), "
                    + "\"location\": \(ContractJSON.location(block.polygon)), \"recognised_words\": \(ContractJSON.quote(block.recognised)), "
                    + "\"corrected\": \(block.corrected != nil), \"reviewed\": \(block.reviewed)}"
            }
            return "  {\"document\": \(ContractJSON.quote(document.document.name)), \"sha256\": \"\(document.document.id)\", \"page\": \(page.number), "
                + "\"width\": \(page.width), \"height\": \(page.height),\n   \"result\": {\"words_block_count\": \(blocks.count), "
                + "\"words_block_list\": [" + (blocks.isEmpty ? "" : "\n    " + blocks.joined(separator: ",\n    ")) + "]}}"
        }
        return "[\n" + pages.joined(separator: ",\n") + "\n]\n"
    }
}

/// One row per block; tabs, newlines and backslashes in text written as \t, \n, \\.
enum TSVExport {
    static func render(_ documents: [ExportDocument]) -> String {
        var out = "document\tpage\torder\ttext\trecognised\tconfidence\tpolygon\treviewed\n"
        for document in documents {
            for page in document.pages {
                for block in page.blocks {
                    out += [field(document.document.name), String(page.number), String(block.position + 1), field(block.text),
                            field(block.recognised), String(block.confidence), ContractJSON.location(block.polygon),
                            block.reviewed ? "yes" : "no"].joined(separator: "\t") + "\n"
                }
            }
        }
        return out
    }

    static func field(_ text: String) -> String {
        text.replacingOccurrences(of: "\\", with: "\\\\").replacingOccurrences(of: "\t", with: "\\t")
            .replacingOccurrences(of: "\n", with: "\\n").replacingOccurrences(of: "\r", with: "\\r")
    }
}
