import Foundation
import HandwritingAPI
import TestSupport
import TranscriptStore
import XCTest

/// The store on a real SQLite file in a temporary folder.
final class TranscriptStoreTests: XCTestCase {
    var folder: URL!
    var path: String { folder.appendingPathComponent(".quire/quire.db").path }

    override func setUpWithError() throws { folder = try Fixtures.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private let reading = HandwritingResult(blocks: [
        WordsBlock(words: "大江东去", confidence: 0.98, location: [Point(x: 1, y: 2), Point(x: 3, y: 2), Point(x: 3, y: 4), Point(x: 1, y: 4)]),
        WordsBlock(words: "浪淘尽", confidence: 0.42, location: [Point(x: 1, y: 6), Point(x: 3, y: 6), Point(x: 3, y: 8), Point(x: 1, y: 8)]),
    ])

    /// A store with one document whose first page has been read once.
    private func storeWithARun() throws -> (SQLiteStore, DocumentRecord, [ReviewBlock]) {
        let store = try SQLiteStore(path: path)
        let document = try store.addDocument(name: "poem.png", path: "scans/poem.png", data: Data("poem bytes".utf8), pageCount: 1)
        try store.recordRun(documentID: document.id, page: 1, engine: "tesseract", options: .init(quickMode: true),
                            startedAt: Date(), duration: 0.2, outcome: .success(reading))
        return (store, document, try store.currentBlocks(of: document.id, page: 1))
    }

    func testANewStoreIsAWALFileOfItsOwn() throws {
        let store = try SQLiteStore(path: path)
        XCTAssertEqual(try store.integrityCheck(), "ok")
        XCTAssertTrue(FileManager.default.fileExists(atPath: path + "-wal"), "write-ahead log in use")
        XCTAssertEqual(SQLiteStore.defaultPath(forWorkspace: folder).path, path)
    }

    func testDocumentsAreKnownByTheirBytes() throws {
        let store = try SQLiteStore(path: path)
        let bytes = Data("the same scan".utf8)
        let first = try store.addDocument(name: "a.png", path: "in/a.png", data: bytes, pageCount: 2)
        let moved = try store.addDocument(name: "renamed.png", path: "elsewhere/renamed.png", data: bytes, pageCount: 2)
        XCTAssertEqual(first.id, moved.id)
        XCTAssertEqual(first.id.count, 64)
        XCTAssertEqual(try store.documents().map(\.path), ["elsewhere/renamed.png"], "one document, last seen where it is now")
        XCTAssertEqual(try store.pages(of: first.id).map(\.number), [1, 2])
        _ = try store.addDocument(name: "b.png", path: "in/b.png", data: Data("another scan".utf8), pageCount: 1)
        XCTAssertEqual(try store.documents().count, 2)
    }

    func testRunsKeepTheirBlocksAndFailures() throws {
        let (store, document, blocks) = try storeWithARun()
        XCTAssertEqual(blocks.map(\.text), ["大江东去", "浪淘尽"])
        XCTAssertEqual(blocks.map(\.block.confidence), [0.98, 0.42])
        XCTAssertEqual(blocks[0].block.polygon, "[[1,2],[3,2],[3,4],[1,4]]")
        try store.recordRun(documentID: document.id, page: 1, engine: "cloud", options: .init(), startedAt: Date(), duration: 1,
                            outcome: .failure(ServiceError.badImageSize), requestID: "req-7")
        let runs = try store.runs(of: document.id, page: 1)
        XCTAssertEqual(runs.map(\.succeeded), [true, false])
        XCTAssertEqual(runs[1].errorCode, "AIS.0103")
        XCTAssertEqual(runs[1].requestId, "req-7")
        XCTAssertEqual(runs[0].options, #"{"quick_mode": true, "char_set": "general", "detect_direction": false}"#)
        XCTAssertEqual(try store.currentBlocks(of: document.id, page: 1).map(\.text), ["大江东去", "浪淘尽"], "a failed run leaves the page as it was")
    }

    /// Reading a page again makes a new current run; the correction stays with the old one.
    func testANewRunNeverOverwritesACorrection() throws {
        let (store, document, blocks) = try storeWithARun()
        try store.correct(blockID: try XCTUnwrap(blocks[1].block.id), text: "浪淘尽，千古风流人物", reviewed: true)
        try store.recordRun(documentID: document.id, page: 1, engine: "tesseract", options: .init(), startedAt: Date(), duration: 0.3,
                            outcome: .success(HandwritingResult(blocks: [WordsBlock(words: "大江东去浪淘尽", confidence: 0.5, location: [])])))
        let runs = try store.runs(of: document.id, page: 1)
        XCTAssertEqual(try store.pages(of: document.id).first?.currentRunId, runs.last?.id)
        XCTAssertEqual(try store.currentBlocks(of: document.id, page: 1).map(\.text), ["大江东去浪淘尽"])
        XCTAssertEqual(try store.history(of: try XCTUnwrap(blocks[1].block.id)).last?.afterText, "浪淘尽，千古风流人物", "kept with its run")
    }

    func testEditsUndoAndRedoSurviveARestart() throws {
        var (store, document, blocks) = try storeWithARun()
        let first = try XCTUnwrap(blocks[0].block.id), second = try XCTUnwrap(blocks[1].block.id)
        try store.correct(blockID: second, text: "浪淘尽。", reviewed: false)
        try store.correct(blockID: second, text: "浪淘尽", reviewed: true)
        try store.correct(blockID: first, text: nil, reviewed: true)
        func texts() throws -> [String] { try store.currentBlocks(of: document.id, page: 1).map { "\($0.text)|\($0.reviewed)" } }
        XCTAssertEqual(try texts(), ["大江东去|true", "浪淘尽|true"])

        store = try SQLiteStore(path: path)  // a restart
        XCTAssertEqual(try store.undo()?.blockId, first)
        XCTAssertEqual(try store.undo()?.afterText, "浪淘尽")
        XCTAssertEqual(try texts(), ["大江东去|false", "浪淘尽。|false"])

        store = try SQLiteStore(path: path)
        XCTAssertEqual(try store.redo()?.afterText, "浪淘尽", "redo takes back the last undo first")
        XCTAssertEqual(try texts(), ["大江东去|false", "浪淘尽|true"])
        // A new edit ends the redo chain; the history keeps everything.
        try store.correct(blockID: second, text: "浪淘盡", reviewed: true)
        XCTAssertNil(try store.redo())
        XCTAssertEqual(try store.history(of: second).map(\.afterText), ["浪淘尽。", "浪淘尽", "浪淘盡"])
        XCTAssertEqual(try store.history(of: first).map(\.undone), [true])
        while try store.undo() != nil {}
        XCTAssertEqual(try texts(), ["大江东去|false", "浪淘尽|false"], "all the way back to what was read")
        blocks = try store.currentBlocks(of: document.id, page: 1)
        XCTAssertTrue(blocks.allSatisfy { $0.correction == nil })
    }

    /// Issue 15: every edit records who made it, and undo and redo take back only one's
    /// own (edits made before names were kept count as everyone's).
    func testUndoAndRedoTakeBackOnlyYourOwnEdits() throws {
        let (store, document, blocks) = try storeWithARun()
        let first = try XCTUnwrap(blocks[0].block.id), second = try XCTUnwrap(blocks[1].block.id)
        try store.correct(blockID: first, text: "大江东去。", reviewed: true)  // before names were kept
        try store.correct(blockID: first, text: "大江東去", reviewed: true, by: "ann")
        try store.correct(blockID: second, text: "浪淘盡", reviewed: true, by: "bob")
        func texts() throws -> [String] { try store.currentBlocks(of: document.id, page: 1).map(\.text) }

        XCTAssertEqual(try store.undo(by: "ann")?.afterText, "大江東去", "ann's, though bob edited since")
        XCTAssertEqual(try texts(), ["大江东去。", "浪淘盡"])
        XCTAssertEqual(try store.undo(by: "ann")?.afterText, "大江东去。", "an edit without a name is anyone's")
        XCTAssertNil(try store.undo(by: "ann"))
        XCTAssertEqual(try texts(), ["大江东去", "浪淘盡"], "bob's edit stands")
        XCTAssertEqual(try store.redo(by: "bob"), nil, "bob undid nothing")
        XCTAssertEqual(try store.redo(by: "ann")?.afterText, "大江东去。")
        XCTAssertEqual(try store.history().map { "\($0.author ?? "-") \($0.afterText ?? "") \($0.undone)" },
                       ["- 大江东去。 false", "ann 大江東去 true", "bob 浪淘盡 false"])
        XCTAssertEqual(try store.history(of: second).map(\.author), ["bob"])
    }

    func testTwoConnectionsAtOnceLoseNothing() async throws {
        let (store, _, blocks) = try storeWithARun()
        let other = try SQLiteStore(path: path)
        let ids = blocks.compactMap(\.block.id)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (index, writer) in [store, other].enumerated() {
                group.addTask {
                    for n in 0..<100 { try writer.correct(blockID: ids[index], text: "edit \(n)", reviewed: n % 2 == 0) }
                }
            }
            try await group.waitForAll()
        }
        XCTAssertEqual(try store.history(of: ids[0]).count, 100)
        XCTAssertEqual(try other.history(of: ids[1]).count, 100)
        XCTAssertEqual(try store.integrityCheck(), "ok")
    }

    /// A file that is not a Quire store is refused and left exactly as it was.
    func testForeignAndDamagedFilesAreRefusedUntouched() throws {
        let text = folder.appendingPathComponent("notes.db")
        try Data("my notes, not a database".utf8).write(to: text)
        XCTAssertThrowsError(try SQLiteStore(path: text.path)) { XCTAssertTrue("\($0)".contains("not an SQLite database"), "\($0)") }
        XCTAssertEqual(try Data(contentsOf: text), Data("my notes, not a database".utf8))

        let foreign = folder.appendingPathComponent("other.db")
        let sqlite = Process()
        sqlite.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        sqlite.arguments = ["python3", "-c", "import sqlite3,sys; c=sqlite3.connect(sys.argv[1]); c.execute('create table t(x)'); c.commit()", foreign.path]
        try sqlite.run()
        sqlite.waitUntilExit()
        let before = try Data(contentsOf: foreign)
        XCTAssertThrowsError(try SQLiteStore(path: foreign.path)) { XCTAssertTrue("\($0)".contains("another program"), "\($0)") }
        XCTAssertEqual(try Data(contentsOf: foreign), before)

        _ = try storeWithARun()
        var damaged = try Data(contentsOf: URL(fileURLWithPath: path))
        damaged.replaceSubrange(100..<4096, with: Data(repeating: 0xA5, count: 3996))
        let wreck = folder.appendingPathComponent("wreck.db")
        try damaged.write(to: wreck)
        XCTAssertThrowsError(try SQLiteStore(path: wreck.path)) { XCTAssertTrue("\($0)".contains("damaged"), "\($0)") }
        XCTAssertEqual(try Data(contentsOf: wreck), damaged)
    }
}
