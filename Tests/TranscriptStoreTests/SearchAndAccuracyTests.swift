import Foundation
import HandwritingAPI
import TestSupport
import TranscriptStore
import XCTest

final class SearchAndAccuracyTests: XCTestCase {
    var folder: URL!
    var store: TranscriptStore!
    var document: DocumentRecord!

    override func setUpWithError() throws {
        folder = try Fixtures.temporaryFolder()
        store = try SQLiteStore(path: folder.appendingPathComponent("quire.db").path)
        document = try store.addDocument(name: "letter.tif", path: "letter.tif", data: Data("letter".utf8), pageCount: 2)
        try read(page: 1, ["DEAR MARGARET,", "THANK YOU FOR THE LETTER"], confidence: [0.96, 0.62])
        try read(page: 2, ["床前明月光", "疑是地上和霜"], confidence: [0.93, 0.55])
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func read(page: Int, _ lines: [String], confidence: [Double], engine: String = "tesseract") throws {
        let blocks = zip(lines, confidence).map { WordsBlock(words: $0, confidence: $1, location: []) }
        try store.recordRun(documentID: document.id, page: page, engine: engine, options: .init(), startedAt: Date(), duration: 0.1,
                            outcome: .success(HandwritingResult(blocks: blocks)))
    }

    private func block(page: Int, _ position: Int) throws -> Int64 {
        try XCTUnwrap(try store.currentBlocks(of: document.id, page: page)[position].block.id)
    }

    func testSearchFindsCJKSubstringsAndCorrectedText() throws {
        XCTAssertEqual(try store.search("明月").map(\.text), ["床前明月光"], "two characters: a scan")
        XCTAssertEqual(try store.search("地上和").map { [$0.page, $0.position] }, [[2, 1]], "three: the trigram index")
        XCTAssertEqual(try store.search("margaret").map(\.text), ["DEAR MARGARET,"], "case-insensitive")
        try store.correct(blockID: try block(page: 2, 1), text: "疑是地上霜", reviewed: true)
        XCTAssertEqual(try store.search("地上和"), [], "the corrected text replaces the recognised one")
        let hit = try XCTUnwrap(try store.search("地上霜").first)
        XCTAssertTrue(hit.corrected)
        XCTAssertEqual(hit.documentName, "letter.tif")
        try store.undo()
        XCTAssertEqual(try store.search("地上和").count, 1, "and undo brings it back")
        XCTAssertEqual(try store.search("%"), [], "wildcards are taken literally")
        XCTAssertEqual(try store.search("\"DEAR\" OR 床前"), [], "a query is text, never FTS syntax")
        XCTAssertEqual(try store.search("AR MARG").count, 1, "across a space")
        XCTAssertEqual(try store.search("_").count, 0)
    }

    func testOnlyCurrentReadingsAreSearched() throws {
        try read(page: 1, ["DEAR MARGARET, AGAIN"], confidence: [0.9])
        XCTAssertEqual(try store.search("LETTER"), [], "the earlier reading of page 1 is not current")
        XCTAssertEqual(try store.search("AGAIN").count, 1)
    }

    func testAccuracyFromCorrections() throws {
        // Page 2, line 2: one character too many (和), corrected. Page 1, line 1: reviewed as read.
        try store.correct(blockID: try block(page: 2, 1), text: "疑是地上霜", reviewed: true)
        try store.correct(blockID: try block(page: 1, 0), text: nil, reviewed: true)
        let report = try store.accuracy()
        XCTAssertEqual(report.workspace.blocks, 2)
        XCTAssertEqual(report.workspace.characterEdits, 1)
        XCTAssertEqual(report.workspace.characters, 5 + 14)
        XCTAssertEqual(report.workspace.characterErrorRate, 1.0 / 19.0, accuracy: 1e-12)
        XCTAssertEqual(report.byPage["letter.tif"]?[2]?.characterErrorRate, 0.2)
        XCTAssertEqual(report.byPage["letter.tif"]?[1]?.characterErrorRate, 0)
        XCTAssertEqual(report.byEngine["tesseract"]?.blocks, 2)
        XCTAssertEqual(report.workspace.wordErrorRate, 1.0 / 3.0, accuracy: 1e-12, "疑是地上和霜 is one word, wrong; DEAR MARGARET, two, right")
        let band = try XCTUnwrap(report.calibration.first { $0.band == 0.5...0.7 })
        XCTAssertEqual(band.accuracy.blocks, 1)
        XCTAssertEqual(band.accuracy.characterErrorRate, 0.2)
        XCTAssertEqual(band.meanConfidence, 0.55)
        XCTAssertEqual(report.calibration.first { $0.band == 0.95...1 }?.accuracy.characterErrorRate, 0)
    }
}
