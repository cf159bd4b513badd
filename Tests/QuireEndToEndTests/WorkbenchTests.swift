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

    /// `quire open` in the folder, with `options`. The review threshold is 1 unless they
    /// say otherwise, so that any block not read with certainty needs review (PP-OCRv6
    /// reads the samples at 0.94 and above).
    private func open(_ folder: URL, _ options: String = "--threshold 1", width: Int = 110, height: Int = 34,
                      environment: [String: String] = [:]) throws -> Tmux {
        let quire = try QuireBinary.url.path
        return try Tmux(command: "cd '\(folder.path)' && '\(quire)' open \(options); echo QUIRE-EXITED $?; sleep 30",
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
            tmux = try open(folder, "")
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
            let empty = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: empty) }
            let ann = try open(folder, "--threshold 1 --store '\(url)'", width: 150, environment: ["USER": "ann"])
            let bob = try open(empty, "--threshold 1 --store '\(url)'", width: 150, environment: ["USER": "bob"])
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
            let tmux = try open(folder, "--store '\(url)'", width: 130)
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
            let tmux = try open(folder, "--threshold 1 --store '\(server.url)'", width: 130, environment: ["USER": "ann"])
            try tmux.waitFor("the line on screen") { $0.contains("1 file, 1 done") && $0.contains("THE QUICK BROWN FOX") }
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

    /// Issue 16: a folder as other tools leave it (Tesseract's hOCR of a printed page beside
    /// it, eScriptorium's PAGE of a handwritten line in `page/`) offers them when it opens.
    /// Imported, their lines are reviewed and corrected like any run's; opened again, nothing
    /// is offered, the correction is in the history, and the statistics say how good
    /// eScriptorium's reading was.
    @Test func transcriptsFoundWithTheImagesAreOfferedImportedAndReviewed() async throws {
        try await OwnThread.run {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            for name in ["print_page.png", "en_line_1.png"] { try Fixtures.sample(name).write(to: folder.appendingPathComponent(name)) }
            try Spawn.run(["tesseract", folder.appendingPathComponent("print_page.png").path, folder.appendingPathComponent("print_page").path,
                           "-l", "eng", "hocr"], environment: ["OMP_THREAD_LIMIT": "1"], timeout: 120)
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("page"), withIntermediateDirectories: true)
            let page = """
                <PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15"><Metadata><Creator>escriptorium</Creator></Metadata>
                <Page imageFilename="en_line_1.png" imageWidth="1285" imageHeight="129"><TextRegion id="eSc_dummyblock_">
                <TextLine id="eSc_line_1"><Coords points="10,10 1270,12 1268,120 12,118"/><Baseline points="10,110 1270,112"/>
                <TextEquiv><Unicode>THE QUIK BROWN FOX</Unicode></TextEquiv></TextLine></TextRegion></Page></PcGts>
                """
            try Data(page.utf8).write(to: folder.appendingPathComponent("page/en_line_1.xml"))

            // Tesseract's lines come with their confidences (above 0.5); the PAGE line has none, so it needs review.
            var tmux = try open(folder, "--threshold 0.5")
            let offer = try tmux.waitFor("the offer") { $0.contains("Transcripts found with the images") && $0.contains("page/en_line_1.xml") }
            #expect(offer.contains("print_page.hocr") && offer.contains("import:tesseract") && offer.contains("import:escriptorium"), "\(offer)")
            try tmux.send("y")
            try tmux.waitFor("both imported") { $0.contains("imported 2 pages from 2 transcripts") && $0.contains("2 files, 2 done, 1 to review") }
            try tmux.send("Enter")
            try tmux.waitFor("the imported line, to review") { $0.contains("THE QUIK BROWN FOX") && $0.contains("needs review") }
            try tmux.send("Enter")
            try tmux.send("C-u")
            try tmux.send("THE QUICK BROWN FOX", literal: true)
            try tmux.send("Enter")
            try tmux.waitFor("the correction saved") { $0.contains("saved") && $0.contains("2 files, 2 done, 0 to review") }
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)

            tmux = try open(folder, "--threshold 0.5")
            try tmux.waitFor("the folder read again") { $0.contains("2 files, 2 done, 0 to review") && !$0.contains("reading the folder") }
            Thread.sleep(forTimeInterval: 2)
            #expect(!(try tmux.screen()).contains("Transcripts found"), "nothing new to import: no offer")
            try tmux.send("q")
            try tmux.waitFor("QUIRE-EXITED 0", timeout: 5)

            let history = try QuireBinary.run(["history"], in: folder, environment: [:])
            #expect(history.output.contains("recognised -> \"THE QUICK BROWN FOX\"  reviewed"), "\(history.output)\(history.errors)")
            let stats = try QuireBinary.run(["stats"], in: folder, environment: [:])
            // One character of 19 was missing: eScriptorium's error rate on what was checked.
            #expect(stats.output.range(of: #"engine import:escriptorium +1 +19 +0\.053"#, options: .regularExpression) != nil, "\(stats.output)")
        }
    }

    /// The connection drops mid-edit (tmux goes away: SIGHUP): the line being typed is
    /// saved as it stood, not marked reviewed, and the workbench ends by itself.
    @Test func aHangUpMidEditKeepsTheLineAsTyped() async throws {
        try await OwnThread.run {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            let image = folder.appendingPathComponent("en_line_1.png")
            try Fixtures.sample("en_line_1.png").write(to: image)
            let read = try QuireBinary.run(["recognize", "--store", folder.appendingPathComponent(".quire/quire.db").path, "--engine", "tesseract",
                                            "--quick-mode", image.path], environment: ["OMP_THREAD_LIMIT": "1"])
            #expect(read.status == 0, "\(read.errors)")
            let pidFile = folder.appendingPathComponent("quire.pid").path
            // sh writes its pid, then becomes quire: the pid is quire's.
            let tmux = try Tmux(command: "cd '\(folder.path)' && sh -c 'echo $$ > \"$0\"; exec \"$@\"' '\(pidFile)' '\(try QuireBinary.url.path)' open; sleep 30",
                                width: 110, height: 34)
            try tmux.waitFor("the line read") { $0.contains("1 file, 1 done") && $0.contains("THE QUICK BROWN FOX") }
            try tmux.send("Enter")
            try tmux.send("Enter")
            try tmux.waitFor("the editor") { $0.contains("Enter save & next") }
            try tmux.send("C-u")
            try tmux.send("a draft typed before the line went", literal: true)
            try tmux.waitFor("a draft typed before the line went")
            let pid = try #require(Int32(String(contentsOfFile: pidFile, encoding: .utf8).trimmingCharacters(in: .whitespacesAndNewlines)))
            try tmux.hangUp()
            let deadline = Date().addingTimeInterval(20)
            while kill(pid, 0) == 0 && Date() < deadline { usleep(50_000) }
            #expect(kill(pid, 0) != 0, "quire ended after the hang-up")

            let history = try QuireBinary.run(["history"], in: folder, environment: [:])
            let edit = history.output.split(separator: "\n").first { $0.contains("a draft") }.map(String.init) ?? ""
            #expect(edit.hasSuffix("-> \"a draft typed before the line went\""), "saved, not marked reviewed: \(history.output)\(history.errors)")
        }
    }
}
