import ArgumentParser
import EngineCatalogue
import Foundation
import HandwritingAPI
import PaddleRecognizer
import QuireText
import TranscriptStore
import WorkbenchCore
import WorkbenchShell
import WorkbenchTerminal

struct OpenCommand: ParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "open",
        abstract: "Open the workbench on a folder of scans: recognise, review, correct, export.",
        discussion: """
            The folder's images and documents (JPEG, PNG, BMP, TIFF, PDF) are listed at once and read \
            in the background. Every correction is saved in the workspace's store (.quire/quire.db) the \
            moment it is made, so q quits at once and nothing is lost. Press ? inside for the keys.

            With --store postgres://… (a team's shared store) the workbench lists the store's documents \
            too, shown from the store's copies where the folder lacks them (so any folder will do, an \
            empty one included); others' corrections appear as they save them, and a save that meets \
            someone else's asks which to keep.

            Themes are themes/NAME.toml (default, high-contrast, monochrome); NO_COLOR turns colour off.

            The page and the selected line are shown as pictures. --graphics auto (the default, or \
            QUIRE_GRAPHICS) asks the terminal: kitty's graphics protocol (kitty, WezTerm, Ghostty), sixel \
            (xterm -ti vt340, foot, WezTerm, mlterm, Konsole, Windows Terminal, mintty), iTerm2's images \
            (iTerm2), else coloured half blocks (symbols), else braille. tmux and GNU screen pass no \
            pictures: there the workbench draws symbols. The status line says which it uses.
            """
    )

    @Argument(help: ArgumentHelp("The workspace folder.", valueName: "folder"))
    var folder = "."

    @OptionGroup var recognition: RecognitionFlags

    @Option(help: "Blocks below this confidence need review (0-1, default 0.8; + and - change it inside).")
    var threshold: Double?

    @Option(help: ArgumentHelp("A theme's name (default, high-contrast, monochrome) or a .toml file.", valueName: "name"))
    var theme = "default"

    @Option(help: ArgumentHelp("How pictures are drawn: auto, kitty, sixel, iterm2, symbols or braille (also QUIRE_GRAPHICS).",
                               valueName: "mode"))
    var graphics: String?

    @OptionGroup var store: StoreOption

    @OptionGroup var user: UserOption

    func validate() throws {
        guard (0...1).contains(threshold ?? 0.8) else { throw ValidationError("--threshold must be between 0 and 1") }
        _ = try graphicsMode()
    }

    /// The mode asked for by the flag, else by QUIRE_GRAPHICS; nil for auto.
    private func graphicsMode() throws -> GraphicsMode? {
        let asked = graphics ?? ProcessInfo.processInfo.environment["QUIRE_GRAPHICS"].flatMap { $0.isEmpty ? nil : $0 } ?? "auto"
        if asked == "auto" { return nil }
        guard let mode = GraphicsMode(rawValue: asked) else {
            let known = (["auto"] + GraphicsMode.allCases.map(\.rawValue)).joined(separator: ", ")
            throw ValidationError("\(graphics == nil ? "QUIRE_GRAPHICS" : "--graphics") must be one of \(known)")
        }
        return mode
    }

    func run() throws {
        let workspace = URL(fileURLWithPath: folder).standardizedFileURL
        guard FileNames.isFolder(workspace.path) else {
            TerminalOutput.note("\(TerminalOutput.userText(folder)) is not a folder")
            throw ExitCode(2)
        }
        guard isatty(0) == 1, isatty(1) == 1 else {
            TerminalOutput.note("quire open needs a terminal; for scripts, use quire recognize, correct and export")
            throw ExitCode(2)
        }
        let transcripts = try store.open(workspace: workspace)
        let files: [FileEntry]
        do {
            files = try WorkspaceFolder.files(in: workspace, store: transcripts)
        } catch {
            TerminalOutput.note("cannot list \(TerminalOutput.userText(folder)): \(error.localizedDescription)")
            throw ExitCode(2)
        }
        let engines = availableEngines()
        // What this workspace was left with, unless a flag says otherwise.
        let localFolder = transcripts.location.localFolder(workspace: workspace)
        let remembered = SettingsFile(in: localFolder).load()
        let first = recognition.askedEngine?.rawValue
            ?? remembered.map(\.engine).flatMap { engines.names.contains($0) ? $0 : nil } ?? EngineName.auto.rawValue
        guard engines.names.contains(first) else {
            TerminalOutput.note("the cloud engine needs credentials or --endpoint: see quire config --help")
            throw ExitCode(2)
        }

        // The terminal is asked what it can show before curses takes it over.
        let graphicsFor = TerminalProbe.graphics(chosen: try graphicsMode())
        let screen: CursesScreen
        do { screen = try CursesScreen() } catch {
            TerminalOutput.note(error.description)
            throw ExitCode(2)
        }
        let chosenTheme: Theme
        do {
            chosenTheme = try ThemeFiles.load(theme, colour: screen.hasColor)
        } catch {
            screen.end()
            TerminalOutput.note("theme: \(error.description)")
            throw ExitCode(2)
        }
        // Nothing may write over the screen: stray library output goes to a log beside the store.
        try? FileManager.default.createDirectory(at: localFolder, withIntermediateDirectories: true)
        let log = localFolder.appendingPathComponent("workbench.log")
        let savedStderr = dup(2)
        if let handle = fopen(log.path, "a") { dup2(fileno(handle), 2); fclose(handle) }
        defer { dup2(savedStderr, 2); close(savedStderr) }

        let mailbox = Mailbox()
        let workers = recognition.workers(for: EngineName(rawValue: first) ?? .ppocr)
        let shell = WorkbenchShell(folder: workspace, store: transcripts, engines: engines, workers: workers, author: user.name,
                                   post: mailbox.post)
        let options = recognition.options(else: remembered.map {
            RecognitionOptions(quickMode: $0.quickMode, charSet: $0.charSet, detectDirection: $0.detectDirection)
        } ?? RecognitionOptions())
        let settings = RecognitionSettings(engine: first, options: options)
        let model = Model(workspace: workspace.lastPathComponent, storePath: displayName(transcripts.location, in: workspace), files: files,
                          settings: settings, engines: engines.names, threshold: threshold ?? remembered.map { min(1, max(0, $0.threshold)) } ?? 0.8, theme: chosenTheme,
                          graphics: graphicsFor(screen.colourCount))
        shell.identify(files)
        let loop = WorkbenchLoop(model: model, screen: screen, mailbox: mailbox, perform: shell.perform,
                                 pictures: shell.pictures.picture(for:))
        let stopSignals = StopSignals(post: mailbox.post)
        loop.run()
        withExtendedLifetime(stopSignals) {}
        shell.finishEdits()
        screen.end()
    }

    /// The embedded engines always; `ppocr:SET` for each other PP-OCR model set in the
    /// data folder (so that the settings can switch sets, and each run records which);
    /// the cloud when it is configured.
    private func availableEngines() -> Engines {
        let cloud = recognition.cloud, models = recognition.models.folder, recognition = recognition
        let cloudReady = cloud.endpoint != nil || (try? cloud.settings()) != nil
        let chosenSet = ((models ?? PaddleFiles.standard.modelFolder) as NSString).standardizingPath
        let otherSets = PaddleFiles.standard.availableSets().filter {
            (PaddleFiles.standard.folder as NSString).appendingPathComponent($0) != chosenSet
        }
        let names = EngineName.embedded.map(\.rawValue) + otherSets.map { "ppocr:" + $0 } + (cloudReady ? ["cloud"] : [])
        return Engines(names: names) { name in
            if name.hasPrefix("ppocr:") {
                let folder = (PaddleFiles.standard.folder as NSString).appendingPathComponent(String(name.dropFirst(6)))
                return try EngineName.ppocr.make(workers: recognition.workers(for: .ppocr), cloud: cloud, models: folder, onePageAtATime: true)
            }
            let engine = EngineName(rawValue: name) ?? .auto
            return try engine.make(workers: recognition.workers(for: engine), cloud: cloud, models: models, onePageAtATime: true)
        }
    }

    /// A store file in the workspace by its path there; a shared store by its database and server.
    private func displayName(_ location: StoreLocation, in workspace: URL) -> String {
        switch location {
        case .file(let path): path.hasPrefix(workspace.path + "/") ? String(path.dropFirst(workspace.path.count + 1)) : path
        case .postgres(let address): "\(address.database) on \(address.host)"
        }
    }
}
