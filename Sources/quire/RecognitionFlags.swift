import ArgumentParser
import EngineCatalogue
import Foundation
import HandwritingAPI

/// The flags of every command that recognises (`recognize`, `open`): which engine, the
/// contract's options, and how many pages at once. Options not given stay nil, so that
/// the workbench can fall back on what the workspace remembers.
struct RecognitionFlags: ParsableArguments {
    @Option(help: "The engine: auto (PP-OCR or Tesseract, whichever suits the page), ppocr, tesseract (both embedded), or cloud (Huawei Cloud or --endpoint). Default: auto, or cloud with --endpoint.")
    var engine: EngineName?

    @OptionGroup(title: "Cloud")
    var cloud: CloudOptions

    @OptionGroup var models: ModelOption

    @Flag(name: .customLong("quick-mode"), inversion: .prefixedNo,
          help: "quick_mode: each image (or block) is a single line of text, so layout analysis is skipped (default off).")
    var quickMode: Bool?

    @Option(name: .customLong("char-set"), help: "Characters allowed: general (digits, letters and Chinese; the default), digit, letter, digit_letter.")
    var charSet: CharSet?

    @Flag(name: .customLong("detect-direction"), inversion: .prefixedNo,
          help: "detect_direction: turn and deskew each page before reading it; coordinates stay in the page as given (default off).")
    var detectDirection: Bool?

    @Option(name: .customLong("jobs"), help: "Pages recognised at once: engine workers (default: one per core), or calls in flight to the cloud (default: 8).")
    var jobs: Int?

    func validate() throws {
        guard (jobs ?? 1) >= 1 else { throw ValidationError("--jobs must be at least 1") }
    }

    /// The engine asked for: by name, else the cloud when an endpoint is given; nil: the command's own default.
    var askedEngine: EngineName? { engine ?? (cloud.endpoint != nil ? .cloud : nil) }

    /// The options given, the rest from `defaults`.
    func options(else defaults: RecognitionOptions = RecognitionOptions()) -> RecognitionOptions {
        RecognitionOptions(quickMode: quickMode ?? defaults.quickMode, charSet: charSet ?? defaults.charSet,
                           detectDirection: detectDirection ?? defaults.detectDirection)
    }

    /// The engine's recognizer with `workers` workers; an engine that cannot start is
    /// explained, and the command exits 2.
    func recognizer(_ engine: EngineName, workers: Int) throws -> any Recognizer {
        do {
            return try engine.make(workers: workers, cloud: cloud, models: models.folder)
        } catch {
            TerminalOutput.note(String(describing: error))
            throw ExitCode(2)
        }
    }

    /// `--jobs`, else the engine's own default for so many pages.
    func workers(for engine: EngineName, pages: Int? = nil) -> Int {
        jobs ?? engine.defaultWorkers(pages: pages)
    }
}
