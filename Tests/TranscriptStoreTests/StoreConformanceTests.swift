import Foundation
import HandwritingAPI
import TestSupport
import Testing
import TranscriptStore

/// The two backends give the same answers: one day's work (documents, readings and a
/// failed one, a page read again, corrections by two people, undo and redo) is done on a
/// real SQLite file and on a database of the tests' own PostgreSQL server, and every
/// question the commands and the workbench ask of a store is asked of both. The SQLite
/// store's own tests say the answers are right; this says PostgreSQL's are the same.
@Suite struct StoreConformanceTests {
    let folder: URL
    let sqlite: SQLiteStore
    let postgres: PostgresStore

    init() throws {
        folder = try Fixtures.temporaryFolder()
        sqlite = try SQLiteStore(path: folder.appendingPathComponent("quire.db").path)
        guard case .postgres(let address) = try StoreLocation(try PostgresServer.shared().newDatabase()) else { throw StoreError(description: "not a URL") }
        postgres = try PostgresStore(address: address)
    }

    /// Whole seconds: both backends keep times to the millisecond at least.
    private static let start = Date(timeIntervalSince1970: 1_790_000_000)

    private static func lines(_ texts: [String], confidence: [Double]) -> HandwritingResponse {
        .success(HandwritingResult(blocks: zip(texts, confidence).enumerated().map { index, line in
            let y = 10 + 40 * index
            return WordsBlock(words: line.0, confidence: line.1,
                              location: [Point(x: 5, y: y), Point(x: 300, y: y), Point(x: 300, y: y + 30), Point(x: 5, y: y + 30)])
        }))
    }

    /// The day's work, done the same way on a store.
    private static func work(on store: any TranscriptStore) throws {
        let letter = try store.addDocument(name: "letter.tif", path: "scans/letter.tif", data: Data("letter".utf8), pageCount: 2,
                                           fileModifiedAt: 1_700_000_000.5, at: start)
        let poem = try store.addDocument(name: "詩.png", path: "scans/詩.png", data: Data("poem".utf8), pageCount: 1, at: start)
        // Found again by its bytes, under a new name.
        try store.addDocuments([NewDocument(id: DocumentRecord.id(of: Data("letter".utf8)), name: "Letter 1.tif",
                                            path: "moved/Letter 1.tif", byteCount: 6, pageCount: 2, fileModifiedAt: 1_700_000_100)],
                               at: start.addingTimeInterval(60))
        let options = RecognitionOptions(quickMode: true, charSet: .digitLetter, detectDirection: true)
        try store.recordRuns([
            RunInput(documentID: letter.id, page: 1, engine: "tesseract", options: options, startedAt: start, duration: 0.25,
                     outcome: lines(["DEAR MARGARET,", "THANK YOU FOR 50% OF_THE LETTER"], confidence: [0.96, 0.62]),
                     requestID: "r-1", imageSize: (1200, 800)),
            RunInput(documentID: letter.id, page: 2, engine: "ppocr", options: .init(), startedAt: start, duration: 1.5,
                     outcome: .failure(ServiceError(code: "AIS.0103", message: "The image size does not meet the requirements.", httpStatus: 400)),
                     requestID: "r-2"),
            RunInput(documentID: poem.id, page: 1, engine: "ppocr", options: .init(), startedAt: start, duration: 0.5,
                     outcome: lines(["床前明月光", "疑是地上和霜"], confidence: [0.93, 0.55])),
        ])
        // The poem read again: its first reading leaves the search, and corrections stay with it.
        let first = try store.currentBlocks(of: poem.id, page: 1)
        try store.correct(blockID: first[1].block.id!, text: "疑是地上霜", reviewed: true, by: "ann", at: start.addingTimeInterval(100), expecting: nil)
        try store.recordRun(documentID: poem.id, page: 1, engine: "auto", options: .init(), startedAt: start.addingTimeInterval(200),
                            duration: 0.5, outcome: lines(["床前明月光", "疑是地上霜", "举头望明月"], confidence: [0.97, 0.71, 0.4]))
        let letterBlocks = try store.currentBlocks(of: letter.id, page: 1)
        let poemBlocks = try store.currentBlocks(of: poem.id, page: 1)
        try store.correct(blockID: letterBlocks[1].block.id!, text: "THANK YOU FOR 50% OF THE LETTER", reviewed: true, by: "ann",
                          at: start.addingTimeInterval(300), expecting: nil)
        try store.correct(blockID: poemBlocks[2].block.id!, text: "舉頭望明月", reviewed: false, by: "bob", at: start.addingTimeInterval(310), expecting: nil)
        try store.correct(blockID: poemBlocks[0].block.id!, text: nil, reviewed: true, by: nil, at: start.addingTimeInterval(320), expecting: nil)
        try store.undo(by: "ann", at: start.addingTimeInterval(330))
        try store.undo(by: "bob", at: start.addingTimeInterval(340))
        try store.redo(by: "bob", at: start.addingTimeInterval(350))
        try store.undo(by: nil, at: start.addingTimeInterval(360))
        _ = try store.redo(by: "carol", at: start.addingTimeInterval(370))
    }

    /// What a store answers, as text to compare.
    private static func answers(of store: any TranscriptStore, exportsTo folder: URL) throws -> [String: String] {
        var answers: [String: String] = [:]
        let documents = try store.documents()
        answers["documents"] = "\(documents)"
        for document in documents {
            answers["pages \(document.name)"] = "\(try store.pages(of: document.id))"
            for page in 1...document.pageCount {
                answers["runs \(document.name) \(page)"] = "\(try store.runs(of: document.id, page: page))"
                answers["blocks \(document.name) \(page)"] = "\(try store.currentBlocks(of: document.id, page: page))"
            }
        }
        answers["found by stamp"] = "\(try store.document(atPath: "moved/Letter 1.tif", byteCount: 6, fileModifiedAt: 1_700_000_100) as Any)"
        answers["history"] = "\(try store.history())"
        for block in Int64(1)...8 {
            answers["history \(block)"] = "\(try store.history(of: block))"
            answers["location \(block)"] = "\(try store.location(ofBlock: block) as Any)"
        }
        for query in ["明", "明月", "地上霜", "margaret", "letter", "50%", "OF_", "%", "_", "\\", "霜", "nothing here", "疑是地上和霜"] {
            answers["search \(query)"] = "\(try store.search(query))"
        }
        answers["search limit"] = "\(try store.search("e", limit: 1).count)"
        // In a fixed order; a sum of confidences may differ in its last bits with the order it was added in.
        answers["counts"] = try store.pageCounts(threshold: 0.8).sorted { $0.key < $1.key }.map { document, pages in
            "\(document): " + pages.sorted { $0.key < $1.key }.map { page, counts in
                "\(page) \(counts.blocks) \(String(format: "%.9f", counts.confidenceSum)) \(counts.belowThreshold) \(counts.needingReview)"
            }.joined(separator: ", ")
        }.joined(separator: "; ")
        answers["failures"] = "\(try store.latestFailures())"
        let exported = try store.exportDocuments()
        answers["export one"] = "\(try store.exportDocuments(ids: [documents[0].id]).map(\.document.name))"
        for format in ExportFormat.transcriptFormats {
            let written = try Exporter.write(exported, as: format, to: folder.appendingPathComponent(format.rawValue))
            for file in written {
                // PAGE and ALTO say when they were written: that is the one thing allowed to differ.
                let text = try String(contentsOf: file, encoding: .utf8)
                    .replacingOccurrences(of: #"\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d(\.\d+)?Z?"#, with: "TIME", options: .regularExpression)
                answers["export \(format) \(file.lastPathComponent)"] = text
            }
        }
        return answers
    }

    @Test func bothBackendsGiveTheSameAnswers() throws {
        defer { try? FileManager.default.removeItem(at: folder) }
        try Self.work(on: sqlite)
        try Self.work(on: postgres)
        // A save that expects what the line no longer holds is refused with what it holds; one that expects it is made.
        var conflicts: [EditConflict] = []
        for store in [sqlite, postgres] as [any TranscriptStore] {
            let block = try store.currentBlocks(of: DocumentRecord.id(of: Data("letter".utf8)), page: 1)[1]
            #expect(throws: EditConflict.self) {
                do {
                    try store.correct(blockID: block.block.id!, text: "stale", reviewed: true, by: "carol",
                                      expecting: CorrectionState(text: nil, reviewed: false))
                } catch let conflict as EditConflict {
                    conflicts.append(conflict)
                    throw conflict
                }
            }
            // At a time of the day's, not the clock's: the two saves may fall in different seconds.
            try store.correct(blockID: block.block.id!, text: "THANK YOU FOR 50% OF THE LETTER!", reviewed: true, by: "carol",
                              at: Self.start.addingTimeInterval(400), expecting: CorrectionState(text: block.correction?.text, reviewed: block.reviewed))
        }
        #expect(conflicts.count == 2 && conflicts[0] == conflicts[1])
        #expect(conflicts.first?.now.text == "THANK YOU FOR 50% OF THE LETTER" && conflicts.first?.author == "ann")
        let expected = try Self.answers(of: sqlite, exportsTo: folder.appendingPathComponent("sqlite"))
        let got = try Self.answers(of: postgres, exportsTo: folder.appendingPathComponent("postgres"))
        #expect(Set(got.keys) == Set(expected.keys))
        for key in expected.keys.sorted() {
            #expect(got[key] == expected[key], "\(key)")
        }
        // The work was real: the answers compared hold what the day did.
        #expect(expected["search 地上霜"]?.contains("疑是地上霜") == true)
        #expect(try postgres.accuracy() == sqlite.accuracy())
        #expect(try postgres.accuracy().calibration.map(\.meanConfidence) == sqlite.accuracy().calibration.map(\.meanConfidence))
        #expect(try postgres.accuracy().workspace.blocks == 3)
        #expect(try postgres.search("50%").map(\.text) == ["THANK YOU FOR 50% OF THE LETTER!"])
        #expect(try postgres.search("OF_").isEmpty, "_ is a character, not a wildcard")
        #expect(try postgres.history().count == 5)
        #expect(expected.keys.filter { $0.hasPrefix("export ") }.count >= 7)
    }
}
