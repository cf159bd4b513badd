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
        let nothing = try QuireBinary.run(["search", "--store", store, "nowhere to be found"], environment: environment)
        XCTAssertEqual(nothing.status, 1)
        XCTAssertEqual(nothing.output, "")

        let stats = try QuireBinary.run(["stats", "--store", store], environment: environment)
        XCTAssertEqual(stats.status, 0, stats.errors)
        XCTAssertTrue(stats.output.contains("workspace"), stats.output)
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
}
