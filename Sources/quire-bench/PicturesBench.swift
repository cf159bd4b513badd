import ArgumentParser
import EngineCatalogue
import Foundation
import HandwritingAPI
import Leptonica
import TranscriptStore
import WorkbenchCore
import WorkbenchShell
import WorkbenchTerminal

/// The workbench's pictures on a 2,500 x 2,500 page: the time from a selection change
/// (a key) to the frame that has the new block's line and the page with it outlined,
/// and the bytes that frame and those before it wrote, through the real loop, shell
/// and ncurses (drawing to /dev/null), for each way of drawing side by side in one run.
struct PicturesBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "pictures",
        abstract: "From a selection change to its pictures on screen, and the bytes written, on a 2,500 x 2,500 page."
    )

    @OptionGroup var data: EvaluationData

    @Option(help: "Selection changes measured per mode.")
    var moves = 60

    func run() throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-pictures-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let lines = try makeFolder(folder)
        var rows: [[String]] = []
        for mode in [GraphicsMode.sixel, .kitty, .symbols] {
            let measured = try measure(mode, folder: folder)
            func ms(_ value: Double) -> String { String(format: "%.0f ms", value) }
            rows.append([mode.rawValue, ms(measured.first), ms(percentile(measured.changes, 0.5)), ms(percentile(measured.changes, 0.9)),
                         ms(measured.changes.max() ?? 0), String(format: "%.0f KB", percentile(measured.bytes, 0.5) / 1000), "< 150 ms"])
        }
        print("\nPictures: a 2500x2500 page of \(lines) lines, 200x60 cells of 10x20 pixels, \(moves) selection changes a mode, "
            + "\(ProcessInfo.processInfo.activeProcessorCount) cores\n")
        print(Table.render(header: ["mode", "first pictures of the page", "selection to pictures, median", "p90", "max",
                                    "bytes a selection change, median", "goal (median)"], rows: rows))
    }

    /// A real handwritten page enlarged to 2,500 x 2,500 and a reading of evenly spaced lines across it.
    private func makeFolder(_ folder: URL) throws -> Int {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let manifest = try Manifest(folder: try data.folder)
        guard let file = manifest.subsets.first(where: { $0.name == "real_hw_en_page" })?.images.first,
              let source = Image(decoding: try Data(contentsOf: file)),
              let page = source.scaled(width: 2500, height: 2500)?.pngData()
        else { throw ValidationError("no handwritten page in \(try data.folder.path)") }
        try page.write(to: folder.appendingPathComponent("page.png"))
        let store = try SQLiteStore(path: SQLiteStore.defaultPath(forWorkspace: folder).path)
        let id = try store.addDocument(name: "page.png", path: folder.appendingPathComponent("page.png").path, data: page, pageCount: 1).id
        let count = 20
        let blocks = (0..<count).map { n in
            WordsBlock(words: "line \(n)", confidence: 0.5, location: Rect(x0: 120, y0: 100 + n * 115, x1: 2380, y1: 190 + n * 115).corners)
        }
        try store.recordRun(documentID: id, page: 1, engine: "tesseract", options: .init(), startedAt: Date(), duration: 1,
                            outcome: .success(HandwritingResult(blocks: blocks)), imageSize: (2500, 2500))
        return count
    }

    private func measure(_ mode: GraphicsMode, folder: URL) throws -> (first: Double, changes: [Double], bytes: [Double]) {
        let store = try SQLiteStore(path: SQLiteStore.defaultPath(forWorkspace: folder).path)
        let entries = try WorkspaceFolder.files(in: folder)
        guard let output = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") else { throw ValidationError("no /dev/null") }
        defer { fclose(output); fclose(input) }
        let screen = try CursesScreen(terminalType: "xterm-256color", input: input, output: output, size: (200, 60))
        let mailbox = Mailbox()
        let engines = Engines(names: ["tesseract"]) { _ in try EngineName.tesseract.makeEmbedded(workers: 1) }
        let shell = WorkbenchShell(folder: folder, store: store, engines: engines, workers: 1, post: mailbox.post)
        let model = Model(workspace: "bench", storePath: store.path, files: entries, settings: RecognitionSettings(engine: "tesseract"),
                          engines: engines.names, theme: try ThemeFiles.load("default", colour: true),
                          graphics: Graphics(mode: mode, cell: PixelSize(width: 10, height: 20)))
        shell.identify(entries)
        let loop = WorkbenchLoop(model: model, screen: screen, mailbox: mailbox, perform: shell.perform, pictures: shell.pictures.picture(for:))
        let watch = PictureWatch()
        loop.frameObserver = { messages, drawnAt in
            watch.frame(selected: loop.model.currentPage == nil ? nil : loop.model.selectedBlock, complete: screen.picturesPending == 0,
                        bytes: screen.pictureBytes, at: drawnAt)
        }
        let moves = moves
        let driver = Thread {
            let start = DispatchTime.now().uptimeNanoseconds
            let shown = watch.waitFor(block: 0)
            watch.first = Double(shown.at - start) / 1e6
            mailbox.post(.key(.tab))  // to the blocks
            var block = 0
            for n in 0..<moves {
                let forward = (n / 19) % 2 == 0
                block += forward ? 1 : -1
                watch.reset()
                let posted = DispatchTime.now().uptimeNanoseconds
                mailbox.post(.key(forward ? .down : .up))
                let done = watch.waitFor(block: block)
                watch.changes.append((Double(done.at - posted) / 1e6, Double(done.bytes)))
            }
            mailbox.post(.key(.character("q")))
        }
        driver.start()
        loop.run()
        screen.end()
        return (watch.first, watch.changes.map(\.ms), watch.changes.map(\.bytes))
    }

    private func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}

/// Frames as the loop reports them: which block was selected, whether every picture of
/// the frame was there, and the picture bytes written since the last reset.
private final class PictureWatch: @unchecked Sendable {
    private let condition = NSCondition()
    private var bytes = 0
    private var done: (block: Int, at: UInt64, bytes: Int)?
    /// What the driver measured: the first pictures, then each selection change.
    var first = 0.0
    var changes: [(ms: Double, bytes: Double)] = []

    func frame(selected: Int?, complete: Bool, bytes written: Int, at: UInt64) {
        condition.withLock {
            bytes += written
            if let selected, complete { done = (selected, at, bytes) }
            condition.broadcast()
        }
    }

    func reset() { condition.withLock { bytes = 0; done = nil } }

    /// Waits for the frame that has `block` selected and every picture on screen.
    func waitFor(block: Int) -> (at: UInt64, bytes: Int) {
        condition.lock()
        defer { condition.unlock() }
        while true {
            if let done, done.block == block { return (done.at, done.bytes) }
            condition.wait()
        }
    }
}
