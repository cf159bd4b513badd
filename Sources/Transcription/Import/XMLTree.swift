import Foundation
#if canImport(FoundationXML)
import FoundationXML
#endif

/// Why a transcript file could not be read: what, and where (the line in the file).
public struct ImportError: Error, Equatable, Sendable, CustomStringConvertible {
    public var line: Int?
    public var reason: String

    public init(line: Int? = nil, _ reason: String) {
        self.line = line
        self.reason = reason
    }

    public var description: String { (line.map { "line \($0): " } ?? "") + reason }
}

/// An XML element as the readers walk it: its local name, namespace, attributes, text
/// and children, and the line it starts on (for errors).
struct XMLNode {
    var name: String
    var namespace: String
    var attributes: [String: String]
    var children: [XMLNode] = []
    var text = ""
    var line: Int

    /// Descendants (not itself) with this local name, in document order.
    func all(_ name: String) -> [XMLNode] {
        children.flatMap { ($0.name == name ? [$0] : []) + $0.all(name) }
    }

    func first(_ name: String) -> XMLNode? {
        for child in children {
            if child.name == name { return child }
            if let found = child.first(name) { return found }
        }
        return nil
    }

    /// Its text and its descendants', in document order.
    var allText: String { text + children.map(\.allText).joined() }
}

/// A whole file parsed into `XMLNode`s by libxml2 (through Foundation's XMLParser), with
/// what a transcript never needs refused before parsing: entity declarations (an "XML
/// bomb" expands them a billion times; an external one reads a local file). A DOCTYPE
/// that only names a DTD, as Tesseract's hOCR does, is read without fetching it.
enum XMLTree {
    static func parse(_ data: Data) throws(ImportError) -> XMLNode {
        try refuseEntities(data)
        let builder = Builder()
        let parser = XMLParser(data: data)
        parser.shouldProcessNamespaces = true
        parser.shouldResolveExternalEntities = false
        parser.delegate = builder
        let parsed = parser.parse()
        if let refusal = builder.refusal { throw refusal }
        guard parsed, let root = builder.root else {
            let why = parser.parserError.map { ($0 as NSError).localizedDescription } ?? "not XML"
            throw ImportError(line: parser.lineNumber, "malformed XML (\(why))")
        }
        return root
    }

    /// `<!ENTITY` can only be a declaration (in text it would be written `&lt;!ENTITY`).
    /// Looked for in the bytes: Foundation's parser on Linux does not report declarations.
    private static func refuseEntities(_ data: Data) throws(ImportError) {
        let marker = Data("<!ENTITY".utf8)
        guard let found = data.range(of: marker) else { return }
        let line = data[data.startIndex..<found.lowerBound].reduce(1) { $0 + ($1 == 0x0A ? 1 : 0) }
        let rest = String(decoding: data[found.upperBound..<min(data.endIndex, found.upperBound + 300)], as: UTF8.self)
        let external = rest.prefix { $0 != ">" }.range(of: #"\s(SYSTEM|PUBLIC)\s"#, options: .regularExpression) != nil
        throw ImportError(line: line, external ? "an external entity: Quire reads no file an XML file points at"
                                                : "an entity declaration: transcripts need none, and Quire expands none")
    }

    private final class Builder: NSObject, XMLParserDelegate {
        var stack: [XMLNode] = []
        var root: XMLNode?
        var refusal: ImportError?

        func parser(_ parser: XMLParser, didStartElement name: String, namespaceURI: String?, qualifiedName: String?,
                    attributes: [String: String] = [:]) {
            stack.append(XMLNode(name: name, namespace: namespaceURI ?? "", attributes: attributes, line: parser.lineNumber))
        }

        func parser(_ parser: XMLParser, didEndElement name: String, namespaceURI: String?, qualifiedName: String?) {
            guard let node = stack.popLast() else { return }
            if stack.isEmpty { root = node } else { stack[stack.count - 1].children.append(node) }
        }

        func parser(_ parser: XMLParser, foundCharacters string: String) {
            guard !stack.isEmpty else { return }
            stack[stack.count - 1].text += string
        }

        func parser(_ parser: XMLParser, resolveExternalEntityName name: String, systemID: String?) -> Data? {
            refuse(parser, "an external entity (\(name)): Quire reads no file an XML file points at")
            return nil
        }

        private func refuse(_ parser: XMLParser, _ reason: String) {
            if refusal == nil { refusal = ImportError(line: parser.lineNumber, reason) }
            parser.abortParsing()
        }
    }
}
