import Foundation
import TestSupport
import XCTest

/// `quire add`, `recognize --store`, `search` and `stats` on a workspace folder, as a user runs them.
final class StoreCommandTests: XCTestCase {
    func testAWorkspaceRecordsRunsAndFindsText() throws {
        let workspace = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: workspace) }
        for name in ["zh_line_1.png", "en_line_1.png", "letter.tif"] {
            try FileManager.default.copyItem(at: Fixtures.samples.appendingPathComponent(name), to: workspace.appendingPathComponent(name))
        }
        let environment = ["OMP_THREAD_LIMIT": "1", "HOME": workspace.path]
        let added = try QuireBinary.run(["add", workspace.path], environment: environment)
        XCTAssertEqual(added.status, 0, added.errors)
        XCTAssertEqual(added.output.split(separator: "\n").count, 3)
        XCTAssertTrue(added.output.contains("2 pages"), "the TIFF's pages are counted: \(added.output)")
        let store = workspace.appendingPathComponent(".quire/quire.db").path
        XCTAssertTrue(FileManager.default.fileExists(atPath: store), "the workspace folder's own store")

        let lines = try QuireBinary.run(["recognize", "--store", store, "--quick-mode", "--format", "jsonl",
                                         workspace.appendingPathComponent("zh_line_1.png").path,
                                         workspace.appendingPathComponent("en_line_1.png").path], in: workspace, environment: environment)
        XCTAssertEqual(lines.status, 0, lines.errors)
        // The letter is renamed before it is read: it is still the same document.
        try FileManager.default.moveItem(at: workspace.appendingPathComponent("letter.tif"), to: workspace.appendingPathComponent("brief.tif"))
        let letter = try QuireBinary.run(["recognize", "--store", store, "--format", "jsonl", "brief.tif"], in: workspace, environment: environment)
        XCTAssertEqual(letter.status, 0, letter.errors)
        let again = try QuireBinary.run(["add", "--store", store, workspace.path], environment: environment)
        XCTAssertEqual(again.output.split(separator: "\n").count, 3, "adding again registers nothing new")

        let found = try QuireBinary.run(["search", "明月"], in: workspace, environment: environment)
        XCTAssertEqual(found.status, 0, found.errors)
        XCTAssertNotNil(found.output.range(of: #"brief\.tif:2:1  #\d+  床前明月光"#, options: .regularExpression), found.output)
        let english = try QuireBinary.run(["search", "--store", store, "lazy dog"], environment: environment)
        XCTAssertTrue(english.output.contains("en_line_1.png:1:1"), english.output)
        let objects = try QuireBinary.run(["search", "--store", store, "--format", "jsonl", "明月"], environment: environment)
        XCTAssertEqual(objects.status, 0, objects.errors)
        let hits = try objects.output.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], String($0))
        }
        XCTAssertEqual(hits.map { "\($0["file"] as? String ?? ""):\($0["page"] as? Int ?? 0):\($0["line"] as? Int ?? 0) \($0["text"] as? String ?? "")" },
                       ["brief.tif:2:1 床前明月光", "brief.tif:2:3 举头望明月"], objects.output)
        XCTAssertEqual(hits.map { $0["corrected"] as? Bool }, [false, false])
        XCTAssertNotNil(found.output.range(of: "#\(hits.first?["block"] as? Int ?? -1)  床前明月光"), "the block the text output names")
        let nothing = try QuireBinary.run(["search", "--store", store, "nowhere to be found"], environment: environment)
        XCTAssertEqual(nothing.status, 1)
        XCTAssertEqual(nothing.output, "")

        let stats = try QuireBinary.run(["stats", "--store", store], environment: environment)
        XCTAssertEqual(stats.status, 0, stats.errors)
        XCTAssertTrue(stats.output.contains("workspace"), stats.output)
    }

    /// The ground-truth set: checked lines cut from their pages, their text beside them.
    func testGroundTruthExport() throws {
        let workspace = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: workspace) }
        for name in ["zh_line_1.png", "en_page.png"] {
            try FileManager.default.copyItem(at: Fixtures.samples.appendingPathComponent(name), to: workspace.appendingPathComponent(name))
        }
        let environment = ["OMP_THREAD_LIMIT": "1", "HOME": workspace.path]
        let store = workspace.appendingPathComponent(".quire/quire.db").path
        let read = try QuireBinary.run(["recognize", "--store", store, "--format", "jsonl", "zh_line_1.png", "--quick-mode"], in: workspace, environment: environment)
        XCTAssertEqual(read.status, 0, read.errors)
        _ = try QuireBinary.run(["recognize", "--store", store, "en_page.png"], in: workspace, environment: environment)
        let found = try QuireBinary.run(["search", "--store", store, "大江东去"], environment: environment)
        let block = try XCTUnwrap(found.output.range(of: #"(?<=#)\d+"#, options: .regularExpression).map { String(found.output[$0]) })
        XCTAssertEqual(try QuireBinary.run(["correct", "--store", store, block, "大江东去浪淘尽，千古风流人物"], environment: environment).status, 0)

        let out = workspace.appendingPathComponent("gt")
        let export = try QuireBinary.run(["export", "--store", store, "--format", "gt", "--out", out.path], environment: environment)
        XCTAssertEqual(export.status, 0, export.errors)
        let files = try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
        XCTAssertEqual(files, ["zh_line_1.p1.l001.gt.txt", "zh_line_1.p1.l001.png"], "only the checked line; the page's unchecked lines are left out")
        guard files.count == 2 else { return XCTFail(export.errors) }
        XCTAssertEqual(try String(contentsOf: out.appendingPathComponent(files[0]), encoding: .utf8), "大江东去浪淘尽，千古风流人物\n")
        // The crop is the line's box as the engine located it (about 47,48 to 763,98 in the
        // 809 x 144 sample: the ink, not the whole image) with 4 px around it.
        let answer = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(read.output.utf8)) as? [String: Any])
        let location = try XCTUnwrap(((answer["result"] as? [String: Any])?["words_block_list"] as? [[String: Any]])?.first?["location"] as? [[Int]])
        let (x0, y0, x1, y1) = (location[0][0], location[0][1], location[2][0], location[2][1])
        XCTAssertLessThan(x1 - x0, 809 - 40, "the line's ink, not the whole image")
        XCTAssertLessThan(y1 - y0, 144 - 40)
        let png = try Data(contentsOf: out.appendingPathComponent(files[1]))
        XCTAssertEqual(png.prefix(4), Data([0x89, 0x50, 0x4E, 0x47]))
        let width = png[16..<20].reduce(0) { $0 << 8 | Int($1) }, height = png[20..<24].reduce(0) { $0 << 8 | Int($1) }
        XCTAssertEqual([width, height], [x1 - x0 + 8, y1 - y0 + 8])

        // A file changed since it was read is not cut from: its lines would not match.
        try Data("changed".utf8).write(to: workspace.appendingPathComponent("zh_line_1.png"))
        let stale = try QuireBinary.run(["export", "--store", store, "--format", "gt", "--out", workspace.appendingPathComponent("gt2").path], environment: environment)
        XCTAssertTrue(stale.errors.contains("skipped: zh_line_1.png: not found unchanged"), stale.errors)
    }

    /// Issue 15: `--store postgres://…` made a folder named `postgres:` with an SQLite
    /// store in it. A URL is a URL: a server that is not there is said to be so, other
    /// schemes are refused, the password is never shown, and nothing is made in the
    /// current folder.
    func testAStoreURLIsNeverTakenForAPath() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let environment = ["OMP_THREAD_LIMIT": "1", "HOME": folder.path]
        // Port 1: nothing listens there.
        let postgres = try QuireBinary.run(["search", "--store", "postgres://ann:hunter2@127.0.0.1:1/archive", "x"], in: folder, environment: environment)
        XCTAssertEqual(postgres.status, 2)
        XCTAssertTrue(postgres.errors.contains("postgres://ann:***@127.0.0.1:1/archive: cannot reach the PostgreSQL server at 127.0.0.1:1 (Connection refused)"),
                      postgres.errors)
        var fromEnvironment = environment
        fromEnvironment["QUIRE_STORE"] = "mysql://ann:hunter2@localhost/archive"
        let mysql = try QuireBinary.run(["stats"], in: folder, environment: fromEnvironment)
        XCTAssertEqual(mysql.status, 2)
        XCTAssertTrue(mysql.errors.contains("mysql:// is not a store"), mysql.errors)
        for run in [postgres, mysql] { XCTAssertFalse((run.output + run.errors).contains("hunter2")) }
        XCTAssertEqual(try FileManager.default.contentsOfDirectory(atPath: folder.path), [], "nothing made in the folder")

        // QUIRE_STORE names a store file for every command, recognize --store included.
        fromEnvironment["QUIRE_STORE"] = folder.appendingPathComponent("team.db").path
        let line = Fixtures.samples.appendingPathComponent("en_line_1.png").path
        XCTAssertEqual(try QuireBinary.run(["recognize", "--quick-mode", line], in: folder, environment: fromEnvironment).status, 0)
        let found = try QuireBinary.run(["search", "lazy"], in: folder, environment: fromEnvironment)
        XCTAssertEqual(found.status, 0, found.errors)
        XCTAssertTrue(found.output.contains("en_line_1.png"), found.output)
    }

    func testAFileThatIsNotAStoreIsLeftAlone() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notes = folder.appendingPathComponent("notes.txt")
        try Data("precious notes".utf8).write(to: notes)
        let run = try QuireBinary.run(["search", "--store", notes.path, "x"], environment: ["OMP_THREAD_LIMIT": "1"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.errors.contains("not an SQLite database"), run.errors)
        XCTAssertEqual(try Data(contentsOf: notes), Data("precious notes".utf8))
    }

    /// Issue 15: `correct` records who made each edit (`--user`, else `$USER`), `--undo`
    /// takes back only that person's, and `history` lists every edit, as text or JSON Lines.
    /// On a store file, and on a shared store: a database of the tests' own PostgreSQL server.
    func testEditsRecordWhoMadeThemAndHistoryListsThem() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let shared = try PostgresServer.shared().newDatabase()
        for store in [folder.appendingPathComponent("team.db").path, shared] {
            try editsRecordWhoMadeThem(store: store, folder: folder)
        }
    }

    private func editsRecordWhoMadeThem(store: String, folder: URL) throws {
        let lines = ["zh_line_1.png", "en_line_1.png"].map { Fixtures.samples.appendingPathComponent($0).path }
        let environment = ["OMP_THREAD_LIMIT": "1", "HOME": folder.path, "USER": "bob"]
        let read = try QuireBinary.run(["recognize", "--store", store, "--quick-mode", "--format", "jsonl"] + lines, environment: environment)
        XCTAssertEqual(read.status, 0, read.errors)
        func block(_ text: String) throws -> String {
            let found = try QuireBinary.run(["search", "--store", store, "--format", "jsonl", text], environment: environment)
            let hit = try XCTUnwrap(JSONSerialization.jsonObject(with: Data(found.output.utf8)) as? [String: Any], found.output + found.errors)
            return String(try XCTUnwrap(hit["block"] as? Int))
        }
        let chinese = try block("大江东去"), english = try block("lazy dog")

        let ann = try QuireBinary.run(["correct", "--store", store, "--user", "ann", chinese, "大江東去"], environment: environment)
        XCTAssertEqual(ann.status, 0, ann.errors)
        let bob = try QuireBinary.run(["correct", "--store", store, english, "the lazy dog", "--reviewed"], environment: environment)
        XCTAssertEqual(bob.status, 0, bob.errors)
        let undo = try QuireBinary.run(["correct", "--store", store, "--user", "ann", "--undo"], environment: environment)
        XCTAssertTrue(undo.output.hasSuffix("block \(chinese)\n"), "ann's edit, though bob's came after: \(undo.output)")

        let history = try QuireBinary.run(["history", "--store", store, "--format", "jsonl"], environment: environment)
        XCTAssertEqual(history.status, 0, history.errors)
        let edits = try history.output.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], String($0))
        }
        XCTAssertEqual(edits.map { $0["who"] as? String }, ["ann", "bob"])
        XCTAssertEqual(edits.map { String($0["block"] as? Int ?? 0) }, [chinese, english])
        XCTAssertEqual(edits.map { $0["after"] as? String }, ["大江東去", "the lazy dog"])
        XCTAssertEqual(edits.map { $0["undone"] as? Bool }, [true, false])
        XCTAssertTrue(edits[0]["before"] is NSNull, "no correction before: \(edits[0])")
        XCTAssertNotNil((edits[1]["when"] as? String).flatMap { try? Date($0, strategy: .iso8601) }, "\(edits[1])")

        let one = try QuireBinary.run(["history", "--store", store, english], environment: environment)
        XCTAssertEqual(one.output.split(separator: "\n").count, 1, one.output)
        XCTAssertNotNil(one.output.range(of: #"#\#(english)  .+  bob  recognised -> "the lazy dog"  reviewed"#, options: .regularExpression), one.output)

        let exported = folder.appendingPathComponent("export-\(store.hasPrefix("postgres") ? "shared" : "file")")
        let export = try QuireBinary.run(["export", "--store", store, "--format", "txt", "--out", exported.path], environment: environment)
        XCTAssertEqual(export.status, 0, export.errors)
        let texts = try FileManager.default.contentsOfDirectory(atPath: exported.path).sorted()
            .map { try String(contentsOf: exported.appendingPathComponent($0), encoding: .utf8) }.joined()
        XCTAssertTrue(texts.contains("the lazy dog") && !texts.contains("大江東去"), texts)
        let stats = try QuireBinary.run(["stats", "--store", store], environment: environment)
        XCTAssertEqual(stats.status, 0, stats.errors)
        for run in [read, ann, bob, undo, history, one, export, stats] {
            XCTAssertFalse((run.output + run.errors).contains("quire-test-password"), "the password is never shown")
        }
    }

    /// `bad\xff.png` and `rot\xe9.png` (a Latin-1 name), named on the command line and
    /// found in a folder: read, registered and found by search; printed as their own
    /// bytes into a pipe, and escaped where a terminal may see them.
    func testFileNamesThatAreNotUTF8AreReadRegisteredAndFound() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let bad = Array("bad".utf8) + [0xFF] + Array(".png".utf8), latin1 = Array("rot".utf8) + [0xE9] + Array(".png".utf8)
        try Fixtures.write(Fixtures.sample("en_line_1.png"), in: folder, nameBytes: bad)
        try Fixtures.write(Fixtures.sample("zh_line_1.png"), in: folder, nameBytes: latin1)
        let environment = ["OMP_THREAD_LIMIT": "1", "HOME": folder.path]
        /// quire with arguments in which `\ooo` is a byte, put there by the shell's printf.
        func quire(_ arguments: String...) throws -> QuireBinary.Outcome {
            let script = "exec \"$0\" " + arguments.map { "\"$(printf -- '\($0)')\"" }.joined(separator: " ")
            return try QuireBinary.run([], in: folder, environment: environment, launcher: ["/bin/sh", "-c", script])
        }

        let read = try quire("recognize", "--quick-mode", "--format", "text", "bad\\377.png")
        XCTAssertEqual(read.status, 0, read.errors)
        XCTAssertTrue(read.output.contains("LAZY DOG"), read.output)

        let added = try quire("add", ".")
        XCTAssertEqual(added.status, 0, added.errors)
        let lines = added.stdout.split(separator: UInt8(ascii: "\n")).map(Array.init)
        XCTAssertEqual(lines.count, 2, added.output)
        XCTAssertTrue(lines.contains { $0.suffix(bad.count + 2) == ArraySlice(Array("./".utf8) + bad) }, "the name's own bytes: \(lines)")
        XCTAssertTrue(lines.contains { $0.suffix(latin1.count) == ArraySlice(latin1) }, "\(lines)")

        let stored = try quire("recognize", "--store", ".quire/quire.db", "--quick-mode", "--format", "jsonl", "bad\\377.png", "rot\\351.png")
        XCTAssertEqual(stored.status, 0, stored.errors)
        let found = try quire("search", "lazy")
        XCTAssertEqual(found.status, 0, found.errors)
        XCTAssertTrue(found.stdout.starts(with: bad), found.output)

        // A name that is not there: the message names it, escaped, and the others go on.
        let missing = try quire("add", "gone\\376.png", "rot\\351.png")
        XCTAssertEqual(missing.status, 1)
        XCTAssertTrue(missing.errors.contains("gone\\xfe.png: cannot be read"), missing.errors)
        XCTAssertTrue(missing.stdout.split(separator: UInt8(ascii: "\n")).first?.suffix(latin1.count).elementsEqual(latin1) == true, missing.output)
    }
}
