import ArgumentParser
import EngineCatalogue
import Foundation
import HandwritingAPI
import TranscriptStore
import Transcription

struct RecognizeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "recognize",
        abstract: "Recognise images and documents and print the handwriting API's answer for each page.",
        discussion: """
            Each page gets the API's response: {"result": …} on success, {"error_code", "error_msg"} on failure. \
            With several pages the output is JSON Lines, one page a line, with "file" and "page" in front.

            A page that fails does not stop the others; the exit status is 0 only when every page succeeded, \
            1 when any failed, 2 when the engine could not start. A multi-page TIFF or a PDF is read page by page.
            """
    )

    @Argument(help: ArgumentHelp("Image files (JPEG, PNG, BMP, TIFF), PDFs, or http(s) addresses.", valueName: "file-or-url"))
    var inputs: [String]

    @OptionGroup var recognition: RecognitionFlags

    @Option(help: ArgumentHelp("Record every run in this store (see quire add, search, stats; also QUIRE_STORE).", valueName: "path"))
    var store: String?

    @Option(help: "Output: json (one response, or an array), jsonl (a line per page), text (the lines read). Default: a single page's response, or JSON Lines for several pages.")
    var format: OutputFormat?

    private var chosenEngine: EngineName { recognition.askedEngine ?? .auto }

    /// Engine workers, or for the cloud, calls in flight; no more workers than inputs.
    private var workers: Int { recognition.workers(for: chosenEngine, pages: inputs.count) }

    func run() async throws {
        let recognizer = try recognition.recognizer(chosenEngine, workers: workers)
        let options = recognition.options()
        let transcripts = try StoreOption.named(store).map { try StoreOption.open(path: $0) }
        let printer = ResultPrinter(format: format)
        let allSucceeded = try await recognizeAll(with: recognizer, options: options, printer: printer, store: transcripts)
        printer.finish()
        if !allSucceeded { throw ExitCode(1) }
    }

    /// Recognises every page, `jobs` at a time, and prints the outcomes in input order.
    private func recognizeAll(with recognizer: any Recognizer, options: RecognitionOptions,
                              printer: ResultPrinter, store: (any TranscriptStore)?) async throws -> Bool {
        let progress = ProgressLine(inputs: inputs.count)
        var allSucceeded = true
        var pending: [Int: PageOutcome] = [:]
        var nextToPrint = 0
        var scheduled = 0
        func deliver(_ outcome: PageOutcome) {
            pending[outcome.sequence] = outcome
            while let ready = pending.removeValue(forKey: nextToPrint) {
                if case .failure = ready.run.response { allSucceeded = false }
                if let store, let documentID = ready.documentID {
                    do {
                        try ready.run.record(in: store, documentID: documentID, page: ready.page, engine: chosenEngine.rawValue, options: options)
                    } catch {
                        TerminalOutput.note("\(ready.file): the run could not be recorded: \(error)")
                        allSucceeded = false
                    }
                }
                printer.print(ready)
                progress.finishedPage()
                nextToPrint += 1
            }
        }
        try await withThrowingTaskGroup(of: PageOutcome.self) { group in
            for input in inputs {
                let (pages, file) = PageSource.pages(of: input)
                progress.openedInput()
                var documentID: String?
                if let store, let file {
                    documentID = try Registration(store: store).register(path: input, data: file).id
                }
                for page in pages {
                    if scheduled - nextToPrint - pending.count >= workers, let outcome = try await group.next() {
                        deliver(outcome)
                    }
                    let sequence = scheduled
                    scheduled += 1
                    group.addTask { [documentID] in
                        let run = await PageRun.read(page.source, with: recognizer, options: options)
                        return PageOutcome(sequence: sequence, file: input, page: page.number, pageCount: pages.count,
                                           run: run, documentID: documentID)
                    }
                }
            }
            for try await outcome in group { deliver(outcome) }
        }
        progress.finish()
        return allSucceeded
    }
}

extension CharSet: ExpressibleByArgument {}
