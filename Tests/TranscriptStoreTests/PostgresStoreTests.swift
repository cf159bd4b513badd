import Foundation
import Synchronization
import HandwritingAPI
import TestSupport
import Testing
import TranscriptStore

/// What only a shared store meets: other programs' databases, wrong passwords, several
/// people and processes at once, a server restarted under an open store. On the tests'
/// own PostgreSQL server, a database of its own for each test.
@Suite struct PostgresStoreTests {
    let server: PostgresServer
    let address: PostgresAddress

    init() throws {
        server = try PostgresServer.shared()
        guard case .postgres(let address) = try StoreLocation(try server.newDatabase()) else { throw StoreError(description: "not a URL") }
        self.address = address
    }

    /// `psql` in this test's database.
    private func sql(_ statement: String) throws -> String {
        try server.psql(statement, in: address.database)
    }

    private func storeWithALine() throws -> (PostgresStore, Int64) {
        let store = try PostgresStore(address: address)
        let document = try store.addDocument(name: "page.png", path: "page.png", data: Data("page".utf8), pageCount: 1)
        try store.recordRun(documentID: document.id, page: 1, engine: "tesseract", options: .init(), startedAt: Date(), duration: 0.1,
                            outcome: .success(HandwritingResult(blocks: [WordsBlock(words: "first", confidence: 0.5, location: [])])))
        return (store, try #require(try store.currentBlocks(of: document.id, page: 1).first?.block.id))
    }

    @Test func aDatabaseOfAnotherProgramIsLeftAlone() throws {
        _ = try sql("CREATE TABLE invoices (id integer PRIMARY KEY); INSERT INTO invoices VALUES (7)")
        #expect {
            try PostgresStore(address: address)
        } throws: { "\($0)".contains("a database of another program") }
        #expect(try sql("SELECT string_agg(tablename, ',') FROM pg_tables WHERE schemaname = 'public'") == "invoices")
    }

    @Test func readingAStoreThatIsNotThereSaysSoAndMakesNothing() throws {
        #expect {
            try PostgresStore(address: address, access: .readOnly)
        } throws: { "\($0)".contains("there is no store at \(address) yet") }
        #expect(try sql("SELECT count(*) FROM pg_tables WHERE schemaname = 'public'") == "0")
    }

    @Test func aWrongPasswordIsSaidWithoutThePassword() throws {
        var wrong = address
        wrong.password = "not-the-password-7731"
        #expect {
            try PostgresStore(address: wrong)
        } throws: { error in
            "\(error)".contains("refused the user quire: wrong password") && !"\(error)".contains("7731")
        }
    }

    @Test func storesOpenedAtOnceMakeTheTablesOnce() async throws {
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<4 { group.addTask { [address] in _ = try PostgresStore(address: address) } }
            try await group.waitForAll()
        }
        #expect(try sql("SELECT string_agg(version, ',' ORDER BY version) FROM quire_schema") == "v1,v2-files-and-queue")
    }

    /// Two people saving the same line at once: each edit is kept, and each one's "before"
    /// is the one before it, so that undo puts back what was there.
    @Test func twoWritersOnOneLineLoseNothing() async throws {
        let (store, block) = try storeWithALine()
        let other = try PostgresStore(address: address)
        try await withThrowingTaskGroup(of: Void.self) { group in
            for (name, writer) in [("ann", store), ("bob", other)] {
                group.addTask {
                    for n in 0..<50 { try writer.correct(blockID: block, text: "\(name) \(n)", reviewed: n % 2 == 0, by: name) }
                }
            }
            try await group.waitForAll()
        }
        let history = try store.history(of: block)
        #expect(history.count == 100)
        #expect(Set(history.map { $0.afterText ?? "" }).count == 100)
        for (before, after) in zip(history, history.dropFirst()) {
            #expect(after.beforeText == before.afterText && after.beforeReviewed == before.afterReviewed)
        }
        #expect(try other.currentBlocks(of: DocumentRecord.id(of: Data("page".utf8)), page: 1).first?.text == history.last?.afterText)
    }

    /// The server restarted while a store is open: the next call connects again and is
    /// kept. A server of the test's own, so that the others' go on undisturbed.
    @Test func aStoreOutlivesARestartOfTheServer() throws {
        let server = try PostgresServer()
        let store = try PostgresStore(address: try PostgresAddress(server.url))
        let document = try store.addDocument(name: "page.png", path: "page.png", data: Data("page".utf8), pageCount: 1)
        try store.recordRun(documentID: document.id, page: 1, engine: "tesseract", options: .init(), startedAt: Date(), duration: 0.1,
                            outcome: .success(HandwritingResult(blocks: [WordsBlock(words: "first", confidence: 0.5, location: [])])))
        let block = try #require(try store.currentBlocks(of: document.id, page: 1).first?.block.id)
        try store.correct(blockID: block, text: "before the restart", reviewed: true)
        let heard = Heard()
        let watch = try #require(store.watch { heard.append($0) })
        defer { watch.stop() }
        try server.restart()
        try store.correct(blockID: block, text: "after the restart", reviewed: true)
        #expect(heard.waitFor(count: 1, seconds: 15) == [.everything], "the watch is back, and says changes may have been missed")
        #expect(try store.history(of: block).map(\.afterText) == ["before the restart", "after the restart"])
    }

    /// What another store object (another process) changes is heard within moments;
    /// one's own changes are not.
    @Test func othersChangesAreHeard() throws {
        let (mine, block) = try storeWithALine()
        let theirs = try PostgresStore(address: address)
        let heard = Heard()
        let watch = try #require(mine.watch { heard.append($0) })
        defer { watch.stop() }
        try mine.correct(blockID: block, text: "mine", reviewed: true)
        try theirs.correct(blockID: block, text: "theirs", reviewed: true, by: "bob")
        let document = DocumentRecord.id(of: Data("page".utf8))
        try theirs.recordRun(documentID: document, page: 1, engine: "ppocr", options: .init(), startedAt: Date(), duration: 0.1,
                             outcome: .success(HandwritingResult(blocks: [])))
        try theirs.undo(by: "bob")
        let expected: [StoreChange] = [.correction(blockID: block, documentID: document, page: 1, author: "bob"),
                                       .reading(documentID: document, page: 1),
                                       .correction(blockID: block, documentID: document, page: 1, author: "bob")]
        #expect(heard.waitFor(count: 3, seconds: 10) == expected)
        #expect(SQLiteStoreHasNoWatch.check(), "a store file is one person's")
    }

    @Test func aCorrectionOfNoLineIsRefusedAndChangesNothing() throws {
        let (store, block) = try storeWithALine()
        #expect {
            try store.correct(blockID: block + 1000, text: "nowhere", reviewed: true)
        } throws: { "\($0)".contains("there is no block \(block + 1000)") }
        #expect(try store.history().isEmpty)
    }
}

/// Changes heard, in order.
private final class Heard: Sendable {
    private let changes = Mutex<[StoreChange]>([])

    func append(_ change: StoreChange) { changes.withLock { $0.append(change) } }

    func waitFor(count: Int, seconds: Double) -> [StoreChange] {
        let deadline = Date().addingTimeInterval(seconds)
        while changes.withLock({ $0.count }) < count, Date() < deadline { usleep(20_000) }
        usleep(200_000)  // and nothing more than was expected
        return changes.withLock { $0 }
    }
}

private enum SQLiteStoreHasNoWatch {
    static func check() -> Bool {
        guard let folder = try? Fixtures.temporaryFolder() else { return false }
        defer { try? FileManager.default.removeItem(at: folder) }
        return (try? SQLiteStore(path: folder.appendingPathComponent("quire.db").path))?.watch { _ in } == nil
    }
}
