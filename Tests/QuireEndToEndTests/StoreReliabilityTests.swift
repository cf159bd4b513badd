import Foundation
import HandwritingAPI
import TestSupport
import TranscriptStore
import XCTest

/// The store under the worst a user's machine does: a process killed mid-stream, two at once.
final class StoreReliabilityTests: XCTestCase {
    var folder: URL!
    var path: String { folder.appendingPathComponent("quire.db").path }

    override func setUpWithError() throws { folder = try Fixtures.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    /// A store with one page of `count` blocks; their ids.
    private func blocks(_ count: Int) throws -> [Int64] {
        let store = try SQLiteStore(path: path)
        let document = try store.addDocument(name: "page.png", path: "page.png", data: Data("page".utf8), pageCount: 1)
        let lines = (0..<count).map { WordsBlock(words: "line \($0)", confidence: 0.5, location: []) }
        try store.recordRun(documentID: document.id, page: 1, engine: "tesseract", options: .init(), startedAt: Date(), duration: 0,
                            outcome: .success(HandwritingResult(blocks: lines)))
        return try store.currentBlocks(of: document.id, page: 1).compactMap(\.block.id)
    }

    /// `quire correct --batch -` with its standard input and output as pipes.
    private func editor() throws -> QuireBinary.Running {
        try QuireBinary.start(["correct", "--store", path, "--batch", "-"], environment: ["OMP_THREAD_LIMIT": "1", "HOME": folder.path])
    }

    /// Issue 14: a store damaged inside a table (its header sound) was searched, corrected
    /// and written into. It is refused untouched, and no -wal or -shm is left beside it.
    func testAStoreDamagedInsideATableIsRefusedUntouched() throws {
        let ids = try blocks(300)
        var bytes = [UInt8](try Data(contentsOf: URL(fileURLWithPath: path)))
        let pageSize = Int(bytes[16]) << 8 | Int(bytes[17])
        let lastPage = (bytes.count / pageSize - 1) * pageSize
        bytes[lastPage] = 0x00  // no b-tree page has this type
        try Data(bytes).write(to: URL(fileURLWithPath: path))
        for arguments in [["search", "line"], ["correct", String(ids[0]), "changed"]] {
            let run = try QuireBinary.run(arguments + ["--store", path], environment: ["OMP_THREAD_LIMIT": "1", "HOME": folder.path])
            XCTAssertEqual(run.status, 2, "\(arguments): \(run.output)")
            XCTAssertTrue(run.errors.contains("is damaged"), run.errors)
        }
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), Data(bytes), "the damaged store is as it was")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["quire.db"])
    }

    /// Issue 14: on a store the user may only read (a read-only file and folder, as on a
    /// read-only mount) every command failed with "damaged or unreadable: SQLite error 14".
    /// Reading commands read it; a writing one says it is read-only; nothing changes.
    func testAStoreTheUserMayOnlyReadIsReadAndNotChanged() throws {
        let ids = try blocks(3)
        let before = try Data(contentsOf: URL(fileURLWithPath: path))
        try FileManager.default.setAttributes([.posixPermissions: 0o444], ofItemAtPath: path)
        try FileManager.default.setAttributes([.posixPermissions: 0o555], ofItemAtPath: folder.path)
        defer { try? FileManager.default.setAttributes([.posixPermissions: 0o755], ofItemAtPath: folder.path) }
        // root writes whatever the permissions say; without this capability it may not.
        let launcher = geteuid() == 0 ? ["/usr/bin/setpriv", "--inh-caps=-all", "--bounding-set=-dac_override,-dac_read_search", "--"] : []
        let environment = ["OMP_THREAD_LIMIT": "1", "HOME": folder.path]
        let out = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: out) }
        let search = try QuireBinary.run(["search", "line", "--store", path], environment: environment, launcher: launcher)
        XCTAssertEqual(search.status, 0, search.errors)
        XCTAssertEqual(search.output.components(separatedBy: "line ").count - 1, 3, search.output)
        let stats = try QuireBinary.run(["stats", "--store", path], environment: environment, launcher: launcher)
        XCTAssertEqual(stats.status, 0, stats.errors)
        let export = try QuireBinary.run(["export", "--format", "txt", "--out", out.path, "--store", path], environment: environment, launcher: launcher)
        XCTAssertEqual(export.status, 0, export.errors)
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: out.path).count, 1, export.errors)
        let correct = try QuireBinary.run(["correct", String(ids[0]), "changed", "--store", path], environment: environment, launcher: launcher)
        XCTAssertNotEqual(correct.status, 0)
        XCTAssertTrue(correct.errors.contains("is read-only"), correct.errors)
        XCTAssertFalse(correct.errors.contains("SQLite error"), correct.errors)
        XCTAssertEqual(try Data(contentsOf: URL(fileURLWithPath: path)), before, "the store is as it was")
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), ["quire.db"])
    }

    /// Issue 14: a write the disk cannot take (here a limit on file size, as a full disk
    /// refuses it) is said plainly, the edit is not acknowledged, and everything the store
    /// held is still there; once there is room the same edit goes in.
    func testAWriteTheDiskRefusesIsSaidPlainlyAndLosesNothing() throws {
        let ids = try blocks(3)
        let environment = ["OMP_THREAD_LIMIT": "1", "HOME": folder.path]
        let first = try QuireBinary.run(["correct", String(ids[0]), "kept", "--store", path], environment: environment)
        XCTAssertEqual(first.status, 0, first.errors)
        // Room to open the store (its 32 KB -shm), none for the edit's 96 KB.
        let limited = ["/usr/bin/prlimit", "--fsize=65536", "--"]
        let search = try QuireBinary.run(["search", "kept", "--store", path], environment: environment, launcher: limited)
        XCTAssertEqual(search.status, 0, search.errors)
        let long = String(repeating: "refused ", count: 12_000)
        let refused = try QuireBinary.run(["correct", String(ids[1]), long, "--store", path], environment: environment, launcher: limited)
        XCTAssertNotEqual(refused.status, 0)
        XCTAssertEqual(refused.output, "", "no edit acknowledged")
        XCTAssertTrue(refused.errors.contains("could not be written"), refused.errors)
        let store = try SQLiteStore(path: path)
        XCTAssertEqual(try store.integrityCheck(), "ok")
        let texts = try store.currentBlocks(of: try XCTUnwrap(store.documents().first).id, page: 1).map(\.text)
        XCTAssertEqual(texts, ["kept", "line 1", "line 2"])
        let again = try QuireBinary.run(["correct", String(ids[1]), long, "--store", path], environment: environment)
        XCTAssertEqual(again.status, 0, again.errors)
    }

    func testEveryAcknowledgedEditSurvivesKill9() throws {
        let ids = try blocks(5)
        let child = try editor()
        // More edits than it can make before the kill; the pipe holds them all.
        let script = (0..<3000).map { "\(ids[$0 % ids.count])\tedit \($0)" }.joined(separator: "\n") + "\n"
        let writer = Thread { child.input.write(Data(script.utf8)); try? child.input.close() }
        writer.start()
        var acknowledged = ""
        while acknowledged.split(separator: "\n").count < 200 {
            let chunk = child.output.availableData
            if chunk.isEmpty { break }
            acknowledged += String(decoding: chunk, as: UTF8.self)
        }
        kill(child.process.processIdentifier, SIGKILL)
        child.process.waitUntilExit()
        acknowledged += String(decoding: child.output.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertEqual(child.process.terminationReason, .uncaughtSignal)
        let acks = acknowledged.split(separator: "\n").filter { $0.hasSuffix(where: \.isNumber) && $0.hasPrefix("ok edit ") }
        XCTAssertGreaterThanOrEqual(acks.count, 200)
        XCTAssertLessThan(acks.count, 3000, "killed in the middle of the stream")

        let store = try SQLiteStore(path: path)
        XCTAssertEqual(try store.integrityCheck(), "ok")
        let history = try ids.flatMap { try store.history(of: $0) }
        let kept = Set(history.compactMap(\.id))
        for ack in acks {
            let edit = Int64(ack.split(separator: " ")[2])!
            XCTAssertTrue(kept.contains(edit), "acknowledged edit \(edit) is in the store")
        }
        // In the order they were sent: the store holds a prefix of the script, nothing out of turn.
        let texts = history.sorted { $0.id! < $1.id! }.map(\.afterText)
        XCTAssertEqual(Array(texts.prefix(acks.count)), (0..<acks.count).map { "edit \($0)" })
    }

    func testProcessesOpeningANewStoreAtOnceAllGetIt() throws {
        // Each would make it WAL and migrate it; without taking turns, about half failed.
        let fresh = folder.appendingPathComponent("fresh/quire.db").path
        for _ in 0..<5 {
            try? FileManager.default.removeItem(atPath: (fresh as NSString).deletingLastPathComponent)
            let editors = try (0..<4).map { _ in
                try QuireBinary.start(["correct", "--store", fresh, "--batch", "-"], environment: ["OMP_THREAD_LIMIT": "1", "HOME": folder.path])
            }
            for child in editors { try child.input.close() }
            for child in editors {
                let errors = String(decoding: child.errors.readDataToEndOfFile(), as: UTF8.self)
                child.process.waitUntilExit()
                XCTAssertEqual(child.process.terminationStatus, 0, errors)
            }
            XCTAssertEqual(try SQLiteStore(path: fresh).integrityCheck(), "ok")
        }
    }

    func testTwoProcessesAtOnceLoseNothing() throws {
        let ids = try blocks(2)
        let editors = try (0..<2).map { _ in try editor() }
        for (index, child) in editors.enumerated() {
            let script = (0..<300).map { "\(ids[index])\tprocess \(index) edit \($0)" }.joined(separator: "\n") + "\n"
            child.input.write(Data(script.utf8))
            try child.input.close()
        }
        for child in editors {
            _ = child.output.readDataToEndOfFile()
            child.process.waitUntilExit()
            XCTAssertEqual(child.process.terminationStatus, 0)
        }
        let store = try SQLiteStore(path: path)
        XCTAssertEqual(try store.integrityCheck(), "ok")
        for (index, id) in ids.enumerated() {
            let history = try store.history(of: id)
            XCTAssertEqual(history.map(\.afterText), (0..<300).map { "process \(index) edit \($0)" })
        }
    }
}

private extension Substring {
    func hasSuffix(where predicate: (Character) -> Bool) -> Bool { last.map(predicate) ?? false }
}
