import Foundation
import HandwritingAPI
import Testing
import TestSupport
import TesseractRecognizer
import TranscriptStore
import WorkbenchCore
@testable import WorkbenchShell

/// The shell against real things: a folder of sample files, an SQLite store, Tesseract.
@Suite(.serialized) struct WorkbenchShellTests {
    final class Inbox: @unchecked Sendable {
        private let lock = NSLock()
        private var messages: [Message] = []
        func post(_ message: Message) { lock.withLock { messages.append(message) } }
        func count(_ matching: (Message) -> Bool) -> Int { lock.withLock { messages.filter(matching).count } }

        /// Waits for a message `pick` accepts, and returns what it picked.
        @discardableResult
        func wait<T>(_ what: String, timeout: Double = 30, _ pick: (Message) -> T?) throws -> T {
            let deadline = Date().addingTimeInterval(timeout)
            while Date() < deadline {
                if let found = lock.withLock({ messages.lazy.compactMap(pick).first }) { return found }
                usleep(10_000)
            }
            throw Fixtures.Missing(description: "no \(what) among \(lock.withLock { messages.count }) messages")
        }
    }

    @Test func identifiesRecognisesLoadsSavesUndoesAndExports() async throws {
        try await OwnThread.run {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try Fixtures.sample("zh_line_1.png").write(to: folder.appendingPathComponent("a.png"))
            try Data("not an image".utf8).write(to: folder.appendingPathComponent("b.jpg"))
            let store = try SQLiteStore(path: folder.appendingPathComponent(".quire/quire.db").path)
            let inbox = Inbox()
            let engines = Engines(names: ["tesseract"]) { _ in try TesseractRecognizer(.init(workers: 1)) }
            let shell = WorkbenchShell(folder: folder, store: store, engines: engines, workers: 2, post: inbox.post)

            let files = try WorkspaceFolder.files(in: folder)
            #expect(files.map(\.name) == ["a.png", "b.jpg"])
            shell.identify(files)
            try inbox.wait("scan") { $0 == .scanFinished ? true : nil }
            let ids = try inbox.wait("identities") { message -> [FileIdentity]? in
                if case .filesIdentified(let ids) = message { ids } else { nil }
            }
            let expected = DocumentRecord.id(of: try Fixtures.sample("zh_line_1.png"))
            #expect(ids.count == 2 && ids[0].documentID == expected)

            let jobs = ids.map { PageJob(ref: PageRef(file: $0.file, page: 1), path: files[$0.file].path, documentID: $0.documentID) }
            shell.perform(.recognise(jobs, RecognitionSettings(engine: "tesseract", options: RecognitionOptions(quickMode: true))))
            let good = try inbox.wait("a.png read") { message -> [Double]? in
                if case .recognitionFinished(PageRef(file: 0, page: 1), .success(let confidences), _) = message { confidences } else { nil }
            }
            #expect(good.count == 1)
            let bad = try inbox.wait("b.jpg refused") { message -> PageFailure? in
                if case .recognitionFinished(PageRef(file: 1, page: 1), .failure(let box), _) = message { box.failure } else { nil }
            }
            #expect(bad.code == "AIS.0102")  // the contract's code for an unsupported format, kept in the store too
            #expect(try store.runs(of: jobs[1].documentID, page: 1).last?.errorCode == "AIS.0102")

            shell.perform(.loadPage(jobs[0], select: .first))
            let page = try inbox.wait("the page") { message -> LoadedPage? in
                if case .pageLoaded(let page, _) = message { page } else { nil }
            }
            #expect(page.blocks.count == 1 && page.blocks[0].polygon.count == 4)
            let size = try #require(try? ImageProbe.probe(Fixtures.sample("zh_line_1.png")).get())
            #expect(page.thumbnail?.sourceWidth == size.width && page.thumbnail?.sourceHeight == size.height)
            #expect(page.thumbnail?.pixels.contains { $0 < 128 } == true)  // ink
            let blockID = page.blocks[0].id

            shell.perform(.save(blockID: blockID, text: "大江东去浪淘尽，千古风流人物", reviewed: true, expecting: nil))
            try inbox.wait("saved") { $0 == .saved(blockID: blockID) ? true : nil }
            #expect(try store.currentBlocks(of: jobs[0].documentID, page: 1)[0].text == "大江东去浪淘尽，千古风流人物")

            shell.perform(.loadSummaries(threshold: 0.99))
            let summaries = try inbox.wait("summaries") { message -> [String: [PageSummary?]]? in
                if case .summariesLoaded(let summaries, _) = message { summaries } else { nil }
            }
            #expect(summaries[jobs[0].documentID]?[0]?.needingReview == 0)  // reviewed now

            shell.perform(.export(format: .txt, folder: "out"))
            try inbox.wait("export of both documents") { message -> Bool? in if case .exported(.txt, 2, _, _) = message { true } else { nil } }
            let text = try String(contentsOf: folder.appendingPathComponent("out/a.txt"), encoding: .utf8)
            #expect(text.contains("大江东去浪淘尽，千古风流人物"))

            shell.perform(.undo)
            let change = try inbox.wait("undo") { message -> BlockChange? in
                if case .reverted(let change, redo: false) = message { change } else { nil }
            }
            #expect(change == BlockChange(blockID: blockID, documentID: jobs[0].documentID, page: 1, text: nil, reviewed: false))
        }
    }

    /// Transcripts beside the images: found with what they would bring (a broken one with
    /// why), imported, then not found again; the page loads with their lines to review.
    @Test func findsImportsAndLoadsTranscriptsOfOtherTools() async throws {
        try await OwnThread.run {
            let folder = try Fixtures.temporaryFolder()
            defer { try? FileManager.default.removeItem(at: folder) }
            try FileManager.default.createDirectory(at: folder.appendingPathComponent("page"), withIntermediateDirectories: true)
            try Fixtures.sample("print_line.png").write(to: folder.appendingPathComponent("a.png"))
            try Fixtures.sample("zh_line_1.png").write(to: folder.appendingPathComponent("b.png"))
            let page = """
                <PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15"><Metadata><Creator>Transkribus</Creator></Metadata>
                <Page imageFilename="a.png" imageWidth="935" imageHeight="39"><TextRegion id="r1"><Coords points="0,0 935,0 935,39 0,39"/>
                <TextLine id="l1"><Coords points="5,3 900,3 900,35 5,35"/><TextEquiv><Unicode>a printed line</Unicode></TextEquiv></TextLine>
                </TextRegion></Page></PcGts>
                """
            try Data(page.utf8).write(to: folder.appendingPathComponent("page/a.xml"))
            try Data("<html><div class='ocr_page'>\n<span".utf8).write(to: folder.appendingPathComponent("b.hocr"))
            let store = try SQLiteStore(path: folder.appendingPathComponent(".quire/quire.db").path)
            let inbox = Inbox()
            let shell = WorkbenchShell(folder: folder, store: store, engines: Engines(names: []) { _ in throw Fixtures.Missing(description: "no engine") },
                                       workers: 1, post: inbox.post)
            let files = try WorkspaceFolder.files(in: folder)
            shell.identify(files)
            try inbox.wait("scan") { $0 == .scanFinished ? true : nil }

            shell.perform(.findTranscripts(images: files.map(\.path)))
            let found = try inbox.wait("transcripts") { message -> [FoundTranscript]? in
                if case .transcriptsFound(let found) = message { found } else { nil }
            }
            #expect(found.map(\.name) == ["b.hocr", "page/a.xml"])
            #expect(found[0].problem?.contains("line 2") == true && found[0].job.image == files[1].path)
            #expect(found[1].problem == nil && found[1].pages == 1 && found[1].engine == "import:transkribus" && found[1].job.image == files[0].path)

            shell.perform(.importTranscripts(found.map(\.job)))
            let report = try inbox.wait("the import") { message -> ImportReport? in
                if case .transcriptsImported(let report) = message { report } else { nil }
            }
            let document = DocumentRecord.id(of: try Fixtures.sample("print_line.png"))
            #expect(report.imported == [found[1].job.path] && report.pages == 1 && report.documents == [document])
            #expect(report.refused.count == 1 && report.refused[0].hasPrefix("b.hocr: line 2"))

            shell.perform(.loadPage(PageJob(ref: PageRef(file: 0, page: 1), path: files[0].path, documentID: document), select: .firstNeedingReview))
            let loaded = try inbox.wait("the page") { message -> LoadedPage? in
                if case .pageLoaded(let page, _) = message { page } else { nil }
            }
            #expect(loaded.blocks.map(\.text) == ["a printed line"])
            #expect(loaded.blocks[0].needsReview(threshold: 0.05))

            let again = Inbox()
            let second = WorkbenchShell(folder: folder, store: store, engines: Engines(names: []) { _ in throw Fixtures.Missing(description: "no engine") },
                                        workers: 1, post: again.post)
            second.perform(.findTranscripts(images: files.map(\.path)))
            let left = try again.wait("transcripts again") { message -> [FoundTranscript]? in
                if case .transcriptsFound(let found) = message { found } else { nil }
            }
            #expect(left.map(\.name) == ["b.hocr"], "the imported one holds nothing new now")
        }
    }

    /// After a lost connection to a shared store, the news of pages read meanwhile was
    /// missed: `.everything` asks the queue, and the pages no longer waiting are reported
    /// read with their reading; the one still queued stays queued.
    @Test func pagesReadWhileTheNewsWasMissedAreReportedAfterwards() async throws {
        try await OwnThread.run {
            guard case .postgres(let address) = try StoreLocation(try PostgresServer.shared().newDatabase()) else {
                throw Fixtures.Missing(description: "not a PostgreSQL address")
            }
            let store = try PostgresStore(address: address)
            let documents = try ["en_line_1.png", "zh_line_1.png"].map { name in
                try store.addDocument(name: name, path: "/w/" + name, data: try Fixtures.sample(name), pageCount: 1)
            }
            let inbox = Inbox()
            let shared = SharedQueue(queue: store, clock: Clock(), post: inbox.post)
            shared.enqueue(documents.enumerated().map { PageJob(ref: PageRef(file: $0, page: 1), path: $1.path, documentID: $1.id) })
            try inbox.wait("queued") { if case .notice(let text) = $0, text.hasPrefix("2 pages queued") { true } else { nil } }

            // A worker reads one page while nobody hears it.
            let leased = try #require(try store.lease(worker: "elsewhere", for: 60))
            let reading = HandwritingResult(blocks: [WordsBlock(words: "read elsewhere", confidence: 0.7, location: Rect(x0: 1, y0: 1, x1: 90, y1: 20).corners)])
            try store.finish(leased, run: RunInput(documentID: leased.documentID, page: 1, engine: "tesseract", options: .init(), startedAt: Date(),
                                                   duration: 1, outcome: .success(reading), imageSize: (100, 40)))
            shared.heard(.everything)
            let file = try #require(documents.firstIndex { $0.id == leased.documentID })
            let confidences = try inbox.wait("the missed reading") { message -> [Double]? in
                if case .recognitionFinished(PageRef(file: file, page: 1), .success(let confidences), _) = message { confidences } else { nil }
            }
            #expect(confidences == [0.7])
            shared.heard(.everything)
            Thread.sleep(forTimeInterval: 0.5)
            #expect(inbox.count { if case .recognitionFinished = $0 { true } else { false } } == 1, "the page still queued is not reported")
        }
    }
}
