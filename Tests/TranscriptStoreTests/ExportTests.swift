import Foundation
import HandwritingAPI
import TestSupport
@testable import TranscriptStore
import XCTest

/// Exports from a real store, PAGE and ALTO checked against their schemas by xmllint.
final class ExportTests: XCTestCase {
    var folder: URL!
    var store: TranscriptStore!
    /// ALTO's committed, PAGE's fetched by scripts/setup (Tests/Schemas/README.md).
    let schemas = Fixtures.repositoryRoot.appendingPathComponent("Tests/Schemas")

    override func setUpWithError() throws {
        folder = try Fixtures.temporaryFolder()
        store = try SQLiteStore(path: folder.appendingPathComponent("quire.db").path)
        // A hostile name: path parts, markup, quotes, a control character.
        let document = try store.addDocument(name: "../../etc/<b>\"poem\"\u{1B};.png", path: "x", data: Data("a".utf8), pageCount: 2)
        let box = { (y: Int) in [Point(x: 10, y: y), Point(x: 300, y: y), Point(x: 300, y: y + 30), Point(x: 10, y: y + 30)] }
        try store.recordRun(documentID: document.id, page: 1, engine: "tesseract", options: .init(), startedAt: Date(), duration: 0.1,
                            outcome: .success(HandwritingResult(blocks: [
                                WordsBlock(words: "大江东去 & <浪>", confidence: 0.91, location: box(10)),
                                WordsBlock(words: "tab\there", confidence: 0.4, location: box(50)),
                            ])), imageSize: (640, 480))
        let blocks = try store.currentBlocks(of: document.id, page: 1)
        try store.correct(blockID: try XCTUnwrap(blocks[1].block.id), text: "corrected line", reviewed: true)
        _ = try store.addDocument(name: "empty.png", path: "y", data: Data("b".utf8), pageCount: 1)
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func export(_ format: ExportFormat) throws -> [URL] {
        try Exporter.write(try store.exportDocuments(), as: format, to: folder.appendingPathComponent("out"))
    }

    private func xmllint(_ arguments: [String]) throws -> (Int32, String) {
        let process = Process()
        process.executableURL = URL(fileURLWithPath: "/usr/bin/xmllint")
        process.arguments = arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        let text = String(decoding: errors.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        process.waitUntilExit()
        return (process.terminationStatus, text)
    }

    func testPAGEAndALTOValidateAgainstTheirSchemas() throws {
        for (format, schema) in [(ExportFormat.page, "pagecontent-2019-07-15.xsd"), (.alto, "alto-4-4.xsd")] {
            let files = try export(format)
            XCTAssertEqual(files.count, 3, "a file per page: two pages and one")
            for file in files {
                let (status, errors) = try xmllint(["--noout", "--schema", schemas.appendingPathComponent(schema).path, file.path])
                XCTAssertEqual(status, 0, "\(file.lastPathComponent): \(errors)")
            }
        }
        let page = try String(contentsOf: try export(.page)[0], encoding: .utf8)
        XCTAssertTrue(page.contains(#"<TextEquiv conf="0.91"><Unicode>大江东去 &amp; &lt;浪&gt;</Unicode>"#), page)
        XCTAssertTrue(page.contains("<TextEquiv><Unicode>corrected line</Unicode>"), "corrected text has no recogniser confidence")
        XCTAssertTrue(page.contains(#"imageWidth="640" imageHeight="480""#))
        let alto = try String(contentsOf: try export(.alto)[0], encoding: .utf8)
        XCTAssertTrue(alto.contains(#"CONTENT="大江东去 &amp; &lt;浪&gt;" WC="0.91""#), alto)
    }

    func testHOCRIsWellFormedWithABoxOnEveryLine() throws {
        for file in try export(.hocr) {
            let (status, errors) = try xmllint(["--noout", file.path])
            XCTAssertEqual(status, 0, errors)
            let text = try String(contentsOf: file, encoding: .utf8)
            let lines = text.components(separatedBy: "class=\"ocr_line\"").dropFirst()
            XCTAssertTrue(lines.allSatisfy { $0.contains("title=\"bbox ") }, text)
            if lines.count == 2 {
                XCTAssertTrue(text.contains("bbox 10 10 300 40; x_wconf 91"), text)
            }
        }
    }

    func testTextFormatsCarryTheCorrectedTextInOrder() throws {
        let files = try export(.txt)
        let text = try String(contentsOf: files.first { !$0.lastPathComponent.hasPrefix("empty") }!, encoding: .utf8)
        XCTAssertEqual(text, "大江东去 & <浪>\ncorrected line\n\u{0C}\n")
        let json = try export(.json).first { !$0.lastPathComponent.hasPrefix("empty") }!
        let pages = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(contentsOf: json)) as? [[String: Any]])
        let list = try XCTUnwrap((pages[0]["result"] as? [String: Any])?["words_block_list"] as? [[String: Any]])
        XCTAssertEqual(list.map { $0["words"] as? String }, ["大江东去 & <浪>", "corrected line"])
        XCTAssertEqual(list[1]["recognised_words"] as? String, "tab\there")
        XCTAssertEqual(list[1]["corrected"] as? Bool, true)
        let tsv = try String(contentsOf: try export(.tsv)[0], encoding: .utf8).split(separator: "\n")
        XCTAssertEqual(tsv.count, 3)
        XCTAssertTrue(tsv[2].hasSuffix("\t0.4\t[[10,50],[300,50],[300,80],[10,80]]\tyes"), String(tsv[2]))
        XCTAssertTrue(tsv[2].contains("\ttab\\there\t"), "a tab inside text is written as \\t")
        let markdown = try String(contentsOf: try export(.md).first { !$0.lastPathComponent.hasPrefix("empty") }!, encoding: .utf8)
        XCTAssertTrue(markdown.contains("## Page 1\n\n大江东去 & \\<浪\\>  \ncorrected line  \n"), markdown)
    }

    func testTimestampsAgreeWithFoundation() throws {
        let formatter = ISO8601DateFormatter()
        let page = try String(contentsOf: try export(.page)[0], encoding: .utf8)
        let created = try XCTUnwrap(page.range(of: #"<Created>[^<]+</Created>"#, options: .regularExpression)).lowerBound
        let stamp = page[created...].dropFirst("<Created>".count).prefix { $0 != "<" }
        XCTAssertNotNil(formatter.date(from: String(stamp)), String(stamp))
        XCTAssertLessThan(abs(formatter.date(from: String(stamp))!.timeIntervalSinceNow), 60)
        for seconds in [0, 951_782_400, 4_102_444_800, -86_401] as [Int] {  // 1970, 2000-02-29, 2100, 1969
            let date = Date(timeIntervalSince1970: TimeInterval(seconds))
            let document = ExportDocument(document: DocumentRecord(id: "x", name: "n", path: "p", byteCount: 0, pageCount: 1,
                                                                   addedAt: date, lastSeenAt: date), pages: [])
            let rendered = try XCTUnwrap(PageXMLCreated.of(document))
            XCTAssertEqual(rendered, formatter.string(from: date), "\(seconds)")
        }
    }

    /// Nothing lands outside the output folder, whatever the document's name.
    func testFileNamesStayInTheOutputFolder() throws {
        let out = folder.appendingPathComponent("out").standardizedFileURL.path
        for format in ExportFormat.transcriptFormats {
            for file in try export(format) {
                XCTAssertEqual(file.deletingLastPathComponent().standardizedFileURL.path, out, file.path)
                XCTAssertFalse(file.lastPathComponent.hasPrefix("."), file.lastPathComponent)
                XCTAssertFalse(file.lastPathComponent.unicodeScalars.contains { $0.value < 0x20 }, file.lastPathComponent)
            }
        }
    }
}

/// The `<Created>` stamp of a PAGE export of `document`.
enum PageXMLCreated {
    static func of(_ document: ExportDocument) throws -> String? {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var withPage = document
        withPage.pages = [ExportPage(number: 1, width: 10, height: 10, engine: nil, blocks: [])]
        let file = try Exporter.write([withPage], as: .page, to: folder)[0]
        let text = try String(contentsOf: file, encoding: .utf8)
        guard let range = text.range(of: #"(?<=<Created>)[^<]+"#, options: .regularExpression) else { return nil }
        return String(text[range])
    }
}
