import Foundation
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
        #expect(try sql("SELECT string_agg(version, ',') FROM quire_schema") == "v1")
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
        try server.restart()
        try store.correct(blockID: block, text: "after the restart", reviewed: true)
        #expect(try store.history(of: block).map(\.afterText) == ["before the restart", "after the restart"])
    }

    @Test func aCorrectionOfNoLineIsRefusedAndChangesNothing() throws {
        let (store, block) = try storeWithALine()
        #expect {
            try store.correct(blockID: block + 1000, text: "nowhere", reviewed: true)
        } throws: { "\($0)".contains("there is no block \(block + 1000)") }
        #expect(try store.history().isEmpty)
    }
}
