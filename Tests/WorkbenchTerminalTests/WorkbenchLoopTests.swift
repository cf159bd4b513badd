import Foundation
import HandwritingAPI
import Testing
import TestSupport
import TesseractRecognizer
import TranscriptStore
import WorkbenchCore
import WorkbenchShell
import WorkbenchTerminal

/// The run loop on an in-memory screen, with the real shell behind it (a folder of
/// samples, an SQLite store, Tesseract): keys in, frames out, compared as text.
@Suite struct WorkbenchLoopTests {
    @Test func recognisesEditsAndSavesThenQuitsOnAMemoryScreen() async throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.sample("zh_line_1.png").write(to: folder.appendingPathComponent("a.png"))
        let store = try SQLiteStore(path: folder.appendingPathComponent(".quire/quire.db").path)
        let screen = MemoryScreen(width: 100, height: 30)

        // The loop runs on a thread of its own, as on the terminal's; the test types at it.
        async let finished: Model = OwnThread.run {
            let mailbox = Mailbox()
            let engines = Engines(names: ["tesseract"]) { _ in try TesseractRecognizer(.init(workers: 1)) }
            let shell = WorkbenchShell(folder: folder, store: store, engines: engines, workers: 1, post: mailbox.post)
            let files = try WorkspaceFolder.files(in: folder)
            let model = Model(workspace: folder.lastPathComponent, storePath: ".quire/quire.db", files: files,
                              settings: RecognitionSettings(engine: "tesseract", options: RecognitionOptions(quickMode: true)),
                              engines: engines.names, threshold: 1)
            shell.identify(files)
            let loop = WorkbenchLoop(model: model, screen: screen, mailbox: mailbox, perform: shell.perform)
            loop.run()
            return loop.model
        }

        // A step that fails still ends the loop (Escape leaves any editor or dialog, q
        // quits), so the test reports the failure instead of waiting for the loop forever.
        do {
            try await frame(on: screen, "the file listed") { $0.contains("Files 1") && $0.contains("a.png") }
            try await frame(on: screen, "the file identified") { $0.contains(" new ") }
            screen.press(.character("r"))
            // The page comes back from the store after the reading is reported: keys wait for its block.
            try await frame(on: screen, "the line read and shown") { $0.contains("recognised 1 of 1 page") && $0.contains("p.1/1 · 1 block ") }
            screen.press(.enter, .enter, .control("u"))
            for character in "大江东去" { screen.press(.character(character)) }
            screen.press(.enter)
            try await frame(on: screen, "the correction saved") { $0.contains("saved") && $0.contains("大江东去") }
            screen.resize(width: 70, height: 20)
            try await frame(on: screen, "the small window refused") { $0.contains("this one is 70x20.") }
        } catch {
            screen.press(.escape, .escape, .character("q"))
            _ = try? await finished
            throw error
        }
        screen.press(.character("q"))
        let model = try await finished
        #expect(model.quitting)

        let documentID = try #require(model.files[0].documentID)
        #expect(try store.currentBlocks(of: documentID, page: 1).first?.correction?.text == "大江东去")
        #expect(screen.frames.allSatisfy { $0.width > 0 })
    }

    /// Waits, without holding a thread, for a frame whose text `condition` accepts.
    @discardableResult
    private func frame(on screen: MemoryScreen, _ what: String, timeout: Double = 30,
                       _ condition: (String) -> Bool) async throws -> String {
        let deadline = Date().addingTimeInterval(timeout)
        var last = ""
        while Date() < deadline {
            last = screen.frames.last?.text ?? ""
            if condition(last) { return last }
            try await Task.sleep(for: .milliseconds(20))
        }
        throw Fixtures.Missing(description: "no frame with \(what); the last was:\n\(last)")
    }
}
