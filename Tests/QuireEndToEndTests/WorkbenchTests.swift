import Foundation
import Testing
import TestSupport
import TranscriptStore

/// The real `quire open` in a real terminal (tmux), as a person uses it.
@Suite(.serialized) struct WorkbenchTests {
    /// A workspace with a Chinese line, a Chinese page, an English line and a two-page TIFF.
    private func workspace() throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        for name in ["zh_line_1.png", "zh_page.png", "en_line_1.png", "letter.tif"] {
            try Fixtures.sample(name).write(to: folder.appendingPathComponent(name))
        }
        return folder
    }

    /// `quire open` in the folder. The review threshold is 1, so that any block not read
    /// with certainty needs review (PP-OCRv6 reads the samples at 0.94 and above).
    private func open(_ folder: URL, width: Int = 110, height: Int = 34, environment: [String: String] = [:]) throws -> Tmux {
        let quire = try QuireBinary.url.path
        return try Tmux(command: "cd '\(folder.path)' && '\(quire)' open --threshold 1; echo QUIRE-EXITED $?; sleep 30",
                        width: width, height: height, environment: environment)
    }

    @Test func recogniseReviewCorrectUndoRedoExportQuitAndReopen() async throws {
        try await OwnThread.run {
            let folder = try workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            var tmux = try open(folder)
            try tmux.waitFor("Files 4")
            try tmux.waitFor("the first file selected, with status new") { $0.contains(" new ") }

            try tmux.send("R")
            try tmux.waitFor("every file recognised", timeout: 60) { $0.contains("4 files, 4 done") }

            try tmux.send("n")
            let reviewing = try tmux.waitFor("a block to review and its picture in half blocks") { $0.contains("needs review") && $0.contains("▀") }
            // tmux passes no pictures: the workbench asked, chose symbols, and drew them with curses; no picture bytes leaked.
            #expect(reviewing.contains("· symbols"))
            for leak in ["#0;2;", "_Ga=", "1337;File", "\u{1B}"] { #expect(!reviewing.contains(leak), "\(leak) leaked into the pane") }
            try tmux.send("Enter")
            try tmux.send("C-u")
            try tmux.send("测试更正abc", literal: true)
            try tmux.waitFor("测试更正abc")
            try tmux.send("Enter")
            try tmux.waitFor("saved")

            // The screen as it settles: under load, frames said "undone" while the block still
            // showed the corrected text, or while the page was loading again.
            try tmux.send("u")
            let undone = try tmux.waitFor("the correction undone") { $0.contains("undone") && $0.contains("needs review") }
            #expect(!undone.contains("测试更正abc"))
            try tmux.send("C-r")
            let redone = try tmux.waitFor("the correction redone") {
                $0.contains("redone") && $0.contains("测试更正abc") && $0.contains("reviewed")
            }
            #expect(redone.contains("reviewed"))

            try tmux.send("e")
            try tmux.waitFor("Export the workspace")
            try tmux.send("Enter")
            try tmux.waitFor("exported")
            let pages = try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("export").path)
                .filter { $0.hasSuffix(".xml") }
            #expect(pages.count == 5)  // a PAGE file per page: 1 + 1 + 1 + 2
            let exported = try pages.map { try String(contentsOf: folder.appendingPathComponent("export/" + $0), encoding: .utf8) }
            #expect(exported.contains { $0.contains("<Unicode>测试更正abc</Unicode>") })

            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)

            // Reopened, the correction is there: found by search, shown on its block.
            tmux = try open(folder)
            try tmux.waitFor("summaries loaded") { $0.contains("4 files, 4 done") }
            try tmux.send("/")
            try tmux.send("测试更正", literal: true)
            try tmux.send("Enter")
            try tmux.waitFor("1 found")
            try tmux.send("Enter")
            try tmux.waitFor("the corrected block") { $0.contains("✎测试更正abc") && $0.contains("reviewed") }
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)

            let store = try SQLiteStore(path: folder.appendingPathComponent(".quire/quire.db").path)
            #expect(try store.search("测试更正abc").count == 1)
            #expect(try store.integrityCheck() == "ok")
        }
    }

    @Test func resizingRelaysOutAndASmallWindowSaysSo() async throws {
        try await OwnThread.run {
            let folder = try workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            let tmux = try open(folder, width: 100, height: 30, environment: ["NO_COLOR": "1"])
            try tmux.waitFor("Files 4")
            try tmux.resize(width: 70, height: 20)
            try tmux.waitFor("Quire needs a terminal of at least 80x24;")
            try tmux.waitFor("this one is 70x20.")
            try tmux.resize(width: 130, height: 40)
            let wide = try tmux.waitFor("the wide layout") { $0.contains("Files 4") && $0.split(separator: "\n").count >= 39 }
            #expect(wide.contains("store .quire/quire.db"))
            try tmux.send("?")
            try tmux.waitFor("In the editor")
            try tmux.send("Escape")
            try tmux.waitFor("the help closed") { !$0.contains("In the editor") }
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)
        }
    }

    @Test func theThresholdChangedInsideIsTheOneTheWorkspaceOpensWithNextTime() async throws {
        try await OwnThread.run {
            let folder = try workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            var tmux = try open(folder)
            try tmux.waitFor("Files 4")
            try tmux.send("-")
            try tmux.waitFor("review <0.95")
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)
            let quire = try QuireBinary.url.path
            tmux = try Tmux(command: "cd '\(folder.path)' && '\(quire)' open; echo QUIRE-EXITED $?; sleep 30", width: 110, height: 34)
            try tmux.waitFor("review <0.95")
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)
        }
    }

    @Test func aFileAddedToTheFolderAppearsWithCtrlL() async throws {
        try await OwnThread.run {
            let folder = try workspace()
            defer { try? FileManager.default.removeItem(at: folder) }
            let tmux = try open(folder)
            try tmux.waitFor("Files 4")
            try tmux.waitFor("every file read") { !$0.contains("reading the folder") }
            try Fixtures.sample("zh_line_2.png").write(to: folder.appendingPathComponent("added later.png"))
            try tmux.send("C-l")
            let screen = try tmux.waitFor("the new file, read") { $0.contains("Files 5") && $0.contains("added later") && !$0.contains("reading the folder") }
            #expect(screen.contains("1 new file in the folder"))
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)
        }
    }

    /// `bad\xff.png`: listed with its byte escaped, read with R, its line shown.
    @Test func aFileWhoseNameIsNotUTF8IsListedEscapedAndRead() async throws {
        try await OwnThread.run {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try Fixtures.write(Fixtures.sample("en_line_1.png"), in: folder, nameBytes: Array("bad".utf8) + [0xFF] + Array(".png".utf8))
            let tmux = try open(folder)
            try tmux.waitFor("bad\\xff.png")
            try tmux.waitFor("the file read from the folder") { !$0.contains("reading the folder") }
            try tmux.send("R")
            let screen = try tmux.waitFor("the line read", timeout: 60) { $0.contains("recognised 1 of 1 page") && $0.contains("THE QUICK BROWN FOX") }
            #expect(!screen.contains("\u{FFFD}") && !screen.contains("unreadable"))
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)
        }
    }

    /// Issue 15: two people, two terminals, one shared store. Ann has the scans; Bob opens
    /// an empty folder and works from the store's copies. Each sees the other's correction
    /// without a key press, and the history holds both.
    @Test func twoWorkbenchesOnASharedStoreSeeEachOthersCorrections() async throws {
        try await OwnThread.run {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            for name in ["zh_line_1.png", "en_line_1.png"] { try Fixtures.sample(name).write(to: folder.appendingPathComponent(name)) }
            let url = try PostgresServer.shared().newDatabase()
            let read = try QuireBinary.run(["recognize", "--store", url, "--engine", "tesseract", "--quick-mode",
                                            folder.appendingPathComponent("zh_line_1.png").path, folder.appendingPathComponent("en_line_1.png").path],
                                           environment: ["OMP_THREAD_LIMIT": "1"])
            #expect(read.status == 0, "\(read.errors)")
            let quire = try QuireBinary.url.path
            let empty = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: empty) }
            func open(_ folder: URL, as user: String) throws -> Tmux {
                try Tmux(command: "cd '\(folder.path)' && '\(quire)' open --threshold 1 --store '\(url)'; echo QUIRE-EXITED $?; sleep 30",
                         width: 150, height: 34, environment: ["USER": user])
            }
            let ann = try open(folder, as: "ann"), bob = try open(empty, as: "bob")
            for person in [ann, bob] {
                try person.waitFor("both files read, from the shared store") { $0.contains("2 files, 2 done") }
            }
            let fromTheStore = try bob.waitFor("the page drawn from the store's copy") { $0.contains("▀") && $0.contains("en_line_1.png") }
            #expect(!fromTheStore.contains("unreadable"))
            let database = url.split(separator: "/").last ?? ""
            let shown = try ann.waitFor("the shared store named") { $0.contains("store \(database) on 127.0.0.1") }
            #expect(!shown.contains("quire-test-password"))

            try ann.send("n")
            try ann.waitFor("a line to review") { $0.contains("needs review") }
            try ann.send("Enter")
            try ann.waitFor("the editor open") { $0.contains("Enter save & next") }
            try ann.send("C-u")
            try ann.send("ann was here", literal: true)
            try ann.send("Enter")
            try ann.waitFor("saved")
            try bob.waitFor("ann's correction, on bob's screen", timeout: 10) { $0.contains("ann was here") }

            try bob.send("n")  // the next line to review: ann's is reviewed now, so the other file's
            try bob.waitFor("the other file's line to review") { $0.contains("zh_line_1.png p.1/1") && $0.contains("needs review") }
            try bob.send("Enter")
            try bob.waitFor("the editor open") { $0.contains("Enter save & next") }
            try bob.send("C-u")
            try bob.send("bob was here", literal: true)
            try bob.send("Enter")
            try bob.waitFor("saved")
            try ann.waitFor("bob's correction, on ann's screen", timeout: 10) { $0.contains("bob was here") }

            for person in [ann, bob] {
                try person.send("q")
                try person.waitFor("QUIRE-EXITED 0", timeout: 5)
            }
            let history = try QuireBinary.run(["history", "--store", url], environment: [:])
            #expect(history.output.contains("ann  recognised -> \"ann was here\"  reviewed"), "\(history.output)")
            #expect(history.output.contains("bob  recognised -> \"bob was here\"  reviewed"), "\(history.output)")
        }
    }

    /// Issue 15: R on a shared store queues the pages; a worker elsewhere reads them, and
    /// the workbench shows each as its reading is recorded.
    @Test func rOnASharedStoreQueuesThePagesForWorkers() async throws {
        try await OwnThread.run {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            for name in ["zh_line_1.png", "en_line_1.png"] { try Fixtures.sample(name).write(to: folder.appendingPathComponent(name)) }
            let url = try PostgresServer.shared().newDatabase()
            let quire = try QuireBinary.url.path
            let tmux = try Tmux(command: "cd '\(folder.path)' && '\(quire)' open --store '\(url)'; echo QUIRE-EXITED $?; sleep 30",
                                width: 130, height: 34)
            try tmux.waitFor("both files registered") { $0.contains("Files 2") && !$0.contains("reading the folder") }
            try tmux.send("R")
            try tmux.waitFor("2 pages queued in the shared store")
            let worker = try QuireBinary.run(["work", "--store", url, "--engine", "tesseract", "--quick-mode", "--until-empty"],
                                             environment: ["OMP_THREAD_LIMIT": "1"])
            #expect(worker.status == 0, "\(worker.errors)")
            #expect(worker.output.split(separator: "\n").count == 2)
            try tmux.waitFor("the worker's readings, shown", timeout: 10) { $0.contains("2 files, 2 done") && $0.contains("THE QUICK BROWN FOX") }
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)
        }
    }

    /// Issue 15: the server restarted under an open workbench. It keeps its screen, hears
    /// again what others do, and saves again.
    @Test func aWorkbenchOutlivesARestartOfTheServer() async throws {
        try await OwnThread.run {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try Fixtures.sample("en_line_1.png").write(to: folder.appendingPathComponent("en_line_1.png"))
            let server = try PostgresServer()
            let read = try QuireBinary.run(["recognize", "--store", server.url, "--engine", "tesseract", "--quick-mode",
                                            folder.appendingPathComponent("en_line_1.png").path], environment: ["OMP_THREAD_LIMIT": "1"])
            #expect(read.status == 0, "\(read.errors)")
            let quire = try QuireBinary.url.path
            let tmux = try Tmux(command: "cd '\(folder.path)' && '\(quire)' open --threshold 1 --store '\(server.url)'; echo QUIRE-EXITED $?; sleep 30",
                                width: 130, height: 34, environment: ["USER": "ann"])
            try tmux.waitFor("the line on screen") { $0.contains("1 files, 1 done") && $0.contains("THE QUICK BROWN FOX") }
            try server.restart()
            let block = try server.psql("SELECT id FROM block")
            let bob = try QuireBinary.run(["correct", "--store", server.url, "--user", "bob", block, "after the restart"], environment: [:])
            #expect(bob.status == 0, "\(bob.errors)")
            try tmux.waitFor("bob's correction, heard after the restart", timeout: 15) { $0.contains("after the restart") }
            try tmux.send("n")
            try tmux.send("Enter")
            try tmux.waitFor("the editor open") { $0.contains("Enter save & next") }
            try tmux.send("C-u")
            try tmux.send("ann again", literal: true)
            try tmux.send("Enter")
            try tmux.waitFor("saved")
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)
            #expect(try server.psql("SELECT string_agg(author || ': ' || after_text, ', ' ORDER BY id) FROM edit") == "bob: after the restart, ann: ann again")
        }
    }
}
