import ArgumentParser
import EngineCatalogue
import Foundation
import HandwritingAPI
import TranscriptStore
import WorkbenchCore
import WorkbenchShell
import WorkbenchTerminal

/// The workbench with a large folder: the time to the first frame, and how long a key
/// takes to reach the screen (update + view + draw) when idle and while a batch
/// recognition runs, measured side by side in one run through the real loop, shell,
/// store, engine and ncurses (drawing to /dev/null).
struct WorkbenchBench: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "workbench",
        abstract: "The workbench on a folder of 10,000 files and a page of 2,000 blocks: first frame and key latency."
    )

    @Option(help: "Files in the folder.")
    var files = 10_000

    @Option(help: "Blocks on the page under review.")
    var blocks = 2_000

    @Option(help: "Key presses measured in each phase.")
    var keys = 400

    @Option(help: "How pictures are drawn, one run each, side by side (sixel, kitty, iterm2, symbols, braille: braille draws the page in the view, as before pictures).")
    var graphics = "sixel,braille"

    /// What one run measured.
    private struct Run {
        var firstFrame: Double
        var scanned: String
        var recognisedDuringBusy: Int
        var idle: [Double]
        var busy: [Double]
    }

    func run() throws {
        let modes = try graphics.split(separator: ",").map { name in
            guard let mode = GraphicsMode(rawValue: String(name)) else { throw ValidationError("unknown --graphics \(name)") }
            return mode
        }
        let runs = try modes.map(measure)
        print("\nWorkbench: \(files) files, a page of \(blocks) blocks, 200x60 screen, \(ProcessInfo.processInfo.activeProcessorCount) cores, "
            + "one run a mode, one after the other\n")
        let names = modes.map(\.rawValue)
        print(Table.render(header: ["measure"] + names + ["goal"], rows: [
            ["first frame after start"] + runs.map { String(format: "%.0f ms", $0.firstFrame) } + ["< 1000 ms"],
            ["every file hashed and registered (background)"] + runs.map(\.scanned) + ["-"],
            ["pages recognised during the busy phase"] + runs.map { "\($0.recognisedDuringBusy)" } + ["-"],
        ]))
        print()
        func ms(_ value: Double) -> String { String(format: "%.2f ms", value) }
        var rows: [[String]] = []
        for (name, run) in zip(names, runs) {
            let idle = run.idle, busy = run.busy
            rows.append(["\(name): median", ms(percentile(idle, 0.5)), ms(percentile(busy, 0.5)),
                         String(format: "%.2fx", percentile(busy, 0.5) / percentile(idle, 0.5)), "< 5 ms"])
            rows.append(["\(name): p99", ms(percentile(idle, 0.99)), ms(percentile(busy, 0.99)),
                         String(format: "%.2fx", percentile(busy, 0.99) / percentile(idle, 0.99)), "< 50 ms during batch"])
            rows.append(["\(name): max", ms(idle.max() ?? 0), ms(busy.max() ?? 0), "", ""])
            rows.append(["\(name): keys", "\(idle.count)", "\(busy.count)", "", ""])
        }
        print(Table.render(header: ["key to finished frame", "idle", "during batch recognition", "busy / idle", "goal"], rows: rows))
    }

    /// One run in a folder of its own, pictures drawn as `mode`.
    private func measure(_ mode: GraphicsMode) throws -> Run {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-workbench-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        try makeFolder(folder)

        let started = DispatchTime.now().uptimeNanoseconds
        // What `quire open` does, in the same order.
        let store = try SQLiteStore(path: SQLiteStore.defaultPath(forWorkspace: folder).path)
        let entries = try WorkspaceFolder.files(in: folder)
        guard let output = fopen("/dev/null", "w"), let input = fopen("/dev/null", "r") else { throw ValidationError("no /dev/null") }
        defer { fclose(output); fclose(input) }
        let screen = try CursesScreen(terminalType: "xterm-256color", input: input, output: output, size: (200, 60))
        let theme = try ThemeFiles.load("default", colour: true)
        let mailbox = Mailbox()
        let engines = Engines(names: ["tesseract"]) { _ in try EngineName.tesseract.makeEmbedded(workers: 2) }
        let shell = WorkbenchShell(folder: folder, store: store, engines: engines, workers: 2, post: mailbox.post)
        let model = Model(workspace: "bench", storePath: store.path, files: entries, settings: RecognitionSettings(engine: "tesseract"),
                          engines: engines.names, theme: theme, graphics: Graphics(mode: mode, cell: PixelSize(width: 10, height: 20)))
        shell.identify(entries)
        let loop = WorkbenchLoop(model: model, screen: screen, mailbox: mailbox, perform: shell.perform, pictures: shell.pictures.picture(for:))

        let recorder = Recorder()
        loop.frameObserver = { messages, drawnAt in recorder.frame(messages, drawnAt: drawnAt, loop: loop) }
        let driver = Thread { drive(mailbox: mailbox, recorder: recorder) }
        driver.start()
        loop.run()
        screen.end()
        return Run(firstFrame: Double(recorder.firstFrame - started) / 1e6,
                   scanned: recorder.scanFinished.map { String(format: "%.0f ms", Double($0 - started) / 1e6) } ?? "-",
                   recognisedDuringBusy: recorder.recognisedDuringBusy, idle: recorder.latencies(.idle), busy: recorder.latencies(.busy))
    }

    /// The folder: a page image and `files - 1` small line images, each with different
    /// bytes (a number after the PNG's end), and the page's reading of `blocks` lines.
    private func makeFolder(_ folder: URL) throws {
        try FileManager.default.createDirectory(at: folder, withIntermediateDirectories: true)
        let samples = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("samples")
        let page = try Data(contentsOf: samples.appendingPathComponent("zh_page.png"))
        let line = try Data(contentsOf: samples.appendingPathComponent("digits_line.png"))
        try page.write(to: folder.appendingPathComponent("00000-page.png"))
        for index in 1..<files {
            try (line + Data("\(index)".utf8)).write(to: folder.appendingPathComponent(String(format: "%05d-line.png", index)))
        }
        let store = try SQLiteStore(path: SQLiteStore.defaultPath(forWorkspace: folder).path)
        let id = try store.addDocument(name: "00000-page.png", path: folder.appendingPathComponent("00000-page.png").path, data: page,
                                       pageCount: 1).id
        let columns = 4, rows = (blocks + columns - 1) / columns
        let lines = (0..<blocks).map { n -> WordsBlock in
            let x = (n % columns) * 200, y = (n / columns) * 2
            return WordsBlock(words: "第\(n)行 大江东去 line \(n)", confidence: Double((n * 37) % 100) / 100,
                              location: Rect(x0: x, y0: y, x1: x + 190, y1: y + 2).corners)
        }
        try store.recordRun(documentID: id, page: 1, engine: "tesseract", options: .init(), startedAt: Date(), duration: 1,
                            outcome: .success(HandwritingResult(blocks: lines)), imageSize: (800, rows * 2))
    }

    /// The keys, from another thread as a person's would come: on the page's blocks,
    /// idle first (each key after the last frame), then while every file is being
    /// recognised (a key every 20 ms, whatever the screen is doing).
    private func drive(mailbox: Mailbox, recorder: Recorder) {
        recorder.waitUntil { $0.scanFinished != nil && $0.pageShown }
        mailbox.post(.key(.enter))  // focus the blocks of the 2,000-block page
        let moves: [Key] = [.down, .down, .character("n"), .down, .pageDown, .up, .character("z"), .character("N"), .character("z")]
        recorder.phase = .idle
        for n in 0..<keys {
            // The frame that shows this key, not one that a picture made meanwhile brought.
            let done = recorder.keysShown
            mailbox.post(.key(moves[n % moves.count]))
            recorder.waitUntil { $0.keysShown > done }
        }
        recorder.phase = .none
        mailbox.post(.key(.character("R")))
        recorder.waitUntil { $0.recognising }
        recorder.phase = .busy
        for n in 0..<keys {
            mailbox.post(.key(moves[n % moves.count]))
            usleep(20_000)
        }
        recorder.phase = .none
        mailbox.post(.key(.character("c")))
        mailbox.post(.key(.character("q")))
    }

    private func percentile(_ values: [Double], _ p: Double) -> Double {
        guard !values.isEmpty else { return 0 }
        let sorted = values.sorted()
        return sorted[min(sorted.count - 1, Int(Double(sorted.count - 1) * p))]
    }
}

/// What the loop reported, read by the driving thread.
private final class Recorder: @unchecked Sendable {
    enum Phase { case none, idle, busy }
    private let condition = NSCondition()
    private var _phase = Phase.none
    private var samples: [(Phase, Double)] = []
    private(set) var firstFrame: UInt64 = 0
    private(set) var scanFinished: UInt64?
    private(set) var frames = 0
    private(set) var keysShown = 0
    private(set) var pageShown = false
    private(set) var recognising = false
    private(set) var recognisedDuringBusy = 0

    var phase: Phase {
        get { condition.withLock { _phase } }
        set { condition.withLock { _phase = newValue } }
    }

    func frame(_ messages: [(Message, UInt64)], drawnAt: UInt64, loop: WorkbenchLoop) {
        condition.withLock {
            if frames == 0 { firstFrame = drawnAt }
            frames += 1
            for (message, postedAt) in messages {
                switch message {
                case .key where _phase != .none:
                    samples.append((_phase, Double(drawnAt - postedAt) / 1e6))
                    keysShown += 1
                case .scanFinished: scanFinished = drawnAt
                case .pageLoaded(let page, _) where page.blocks.count > 1: pageShown = true
                case .recognitionStarted: recognising = true
                case .recognitionFinished where _phase == .busy: recognisedDuringBusy += 1
                default: break
                }
            }
            condition.broadcast()
        }
    }

    func waitUntil(_ condition: (Recorder) -> Bool) {
        self.condition.lock()
        while !condition(self) { self.condition.wait() }
        self.condition.unlock()
    }

    func latencies(_ phase: Phase) -> [Double] {
        condition.withLock { samples.filter { $0.0 == phase }.map(\.1) }
    }
}
