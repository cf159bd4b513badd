import Foundation
import TestSupport
import XCTest

/// Issue 15: a team's store on a real PostgreSQL server (the tests' own), used by real
/// `quire` processes at once.
final class TeamStoreTests: XCTestCase {
    private var folder: URL!
    private var url = ""
    private var database = ""
    private var environment: [String: String] { ["OMP_THREAD_LIMIT": "1", "HOME": folder.path, "USER": "tester"] }

    override func setUpWithError() throws {
        folder = try Fixtures.temporaryFolder()
        url = try PostgresServer.shared().newDatabase()
        database = String(url.split(separator: "/").last ?? "")
    }

    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func sql(_ statement: String) throws -> String { try PostgresServer.shared().psql(statement, in: database) }

    private func quire(_ arguments: [String], timeout: Double = 300) throws -> QuireBinary.Outcome {
        try QuireBinary.run(arguments + ["--store", url], in: folder, environment: environment, timeout: timeout)
    }

    /// Pages added from a folder that is then deleted are read by two workers while a
    /// third, killed with SIGKILL in the middle of a page, leaves its page to them.
    func testWorkersDrainTheQueueWhileOneIsKilled() throws {
        let scans = folder.appendingPathComponent("scans")
        try FileManager.default.createDirectory(at: scans, withIntermediateDirectories: true)
        let files = ["letter.tif", "en_line_1.png", "zh_line_1.png", "print_line.png", "digits_line.png", "en_line_2.png", "zh_line_2.png"]
        for file in files {
            try FileManager.default.copyItem(at: Fixtures.samples.appendingPathComponent(file), to: scans.appendingPathComponent(file))
        }
        let added = try quire(["add", scans.path])
        XCTAssertEqual(added.status, 0, added.errors)
        try FileManager.default.removeItem(at: scans)  // from now on, the pages are only in the store
        let pages = Int(try sql("SELECT count(*) FROM page")) ?? 0
        XCTAssertGreaterThan(pages, files.count, "the TIFF has pages of its own")
        XCTAssertEqual(try quire(["queue"]).output, "\(pages) queued\n")
        XCTAssertEqual(try quire(["queue"]).output, "0 queued\n", "queued already")

        // The doomed worker reads through an endpoint that never answers: it holds its page until killed.
        let silent = try LoopbackListener()
        let doomed = try QuireBinary.start(["work", "--store", url, "--endpoint", "http://127.0.0.1:\(silent.port)", "--jobs", "1", "--lease", "3"],
                                           environment: environment)
        let deadline = Date().addingTimeInterval(60)
        while try sql("SELECT count(*) FROM queue WHERE state = 'leased'") != "1", Date() < deadline { usleep(100_000) }
        let held = try sql("SELECT document_id || ' ' || page FROM queue WHERE state = 'leased' AND leased_by LIKE '%:\(doomed.process.processIdentifier)/%'")
        XCTAssertFalse(held.isEmpty, "the worker holds a page")
        kill(doomed.process.processIdentifier, SIGKILL)
        doomed.process.waitUntilExit()

        let workers = try (1...2).map { _ in
            try QuireBinary.start(["work", "--engine", "tesseract", "--quick-mode", "--jobs", "1", "--lease", "3", "--until-empty", "--store", url],
                                  environment: environment)
        }
        var lines: [Substring] = []
        for worker in workers {
            let output = String(decoding: worker.output.readDataToEndOfFile(), as: UTF8.self)
            let errors = String(decoding: worker.errors.readDataToEndOfFile(), as: UTF8.self)
            worker.process.waitUntilExit()
            XCTAssertEqual(worker.process.terminationStatus, 0, errors)
            lines += output.split(separator: "\n")
        }
        XCTAssertEqual(lines.count, pages, "every page read once: \(lines)")
        XCTAssertTrue(lines.allSatisfy { $0.hasPrefix("done ") }, "\(lines)")
        XCTAssertEqual(try quire(["queue", "--status"]).output, "0 queued\n0 leased\n\(pages) done\n0 failed\n")
        let table = try sql("SELECT document_id, page, attempts, state FROM queue")
        XCTAssertEqual(try sql("SELECT attempts FROM queue WHERE document_id || ' ' || page = '\(held)'"), "2",
                       "the killed worker's page, read again: \(held) in \(table)")
        XCTAssertEqual(try sql("SELECT count(*) FROM page WHERE current_run_id IS NULL"), "0")
        let found = try quire(["search", "lazy"])
        XCTAssertTrue(found.output.contains("en_line_1.png"), found.output + found.errors)
    }

    /// Two people's scripts correcting the same lines through the server at once, one of
    /// them killed mid-stream: every acknowledged edit is in the history, each edit's
    /// "before" the edit before it.
    func testTwoBatchesAtOnceLoseNoAcknowledgedEdit() throws {
        let lines = ["en_line_1.png", "zh_line_1.png", "print_line.png"].map { Fixtures.samples.appendingPathComponent($0).path }
        XCTAssertEqual(try quire(["recognize", "--engine", "tesseract", "--quick-mode"] + lines).status, 0)
        let blocks = try sql("SELECT id FROM block ORDER BY id").split(separator: "\n").map(String.init)
        XCTAssertEqual(blocks.count, 3)
        let batch = folder.appendingPathComponent("ann.tsv")
        try (0..<150).map { "\(blocks[$0 % 3])\tann \($0)\n" }.joined().write(to: batch, atomically: true, encoding: .utf8)

        var bobEnvironment = environment
        bobEnvironment["USER"] = "bob"
        let ann = try QuireBinary.start(["correct", "--store", url, "--user", "ann", "--batch", batch.path], environment: environment)
        let bob = try QuireBinary.start(["correct", "--store", url, "--batch", "-"], environment: bobEnvironment)
        // Bob's edits go in one at a time; he is killed after the 40th is acknowledged.
        var bobAcknowledged: [String] = []
        var pending = Data()
        for n in 0..<40 {
            bob.input.write(Data("\(blocks[n % 3])\tbob \(n)\treviewed\n".utf8))
            while !pending.contains(0x0A) { pending.append(bob.output.availableData) }
            let newline = pending.firstIndex(of: 0x0A)!
            bobAcknowledged.append(String(decoding: pending[..<newline], as: UTF8.self))
            pending.removeSubrange(...newline)
        }
        bob.input.write(Data("\(blocks[0])\tbob unacknowledged\n".utf8))
        kill(bob.process.processIdentifier, SIGKILL)
        bob.process.waitUntilExit()
        let annOutput = String(decoding: ann.output.readDataToEndOfFile(), as: UTF8.self)
        ann.process.waitUntilExit()
        XCTAssertEqual(ann.process.terminationStatus, 0)
        let annAcknowledged = annOutput.split(separator: "\n").map(String.init)
        XCTAssertEqual(annAcknowledged.count, 150)

        let history = try quire(["history", "--format", "jsonl"]).output.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any])
        }
        let kept = Set(history.map { "ok edit \($0["edit"] as? Int ?? 0) block \($0["block"] as? Int ?? 0)" })
        for acknowledged in annAcknowledged + bobAcknowledged { XCTAssertTrue(kept.contains(acknowledged), acknowledged) }
        XCTAssertEqual(history.filter { $0["who"] as? String == "ann" }.count, 150)
        XCTAssertGreaterThanOrEqual(history.filter { $0["who"] as? String == "bob" }.count, 40)
        for block in blocks {
            let edits = history.filter { String($0["block"] as? Int ?? 0) == block }
            for (before, after) in zip(edits, edits.dropFirst()) {
                XCTAssertEqual(after["before"] as? String, before["after"] as? String, "each edit follows the one before it")
            }
        }
    }

    func testTheQueueNeedsASharedStore() throws {
        let refused = try QuireBinary.run(["queue", "--status", "--store", folder.appendingPathComponent("own.db").path], in: folder,
                                          environment: environment)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.errors.contains("the work queue lives in a shared store"), refused.errors)
    }
}
