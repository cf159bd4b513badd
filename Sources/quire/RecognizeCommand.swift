import ArgumentParser
import CloudOCR
import DocumentPages
import Foundation
import HandwritingAPI
import TesseractRecognizer
import TranscriptStore

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

    @Option(help: ArgumentHelp("Record every run in this store (see quire add, search, stats).", valueName: "path"))
    var store: String?

    @Option(help: "Output: json (one response, or an array), jsonl (a line per page), text (the lines read).")
    var format: OutputFormat?

    private var chosenEngine: EngineName { recognition.askedEngine ?? .auto }

    /// Engine workers, or for the cloud, calls in flight; no more workers than inputs.
    private var workers: Int { recognition.workers(for: chosenEngine, pages: inputs.count) }

    func run() async throws {
        let recognizer: any Recognizer
        do {
            recognizer = try chosenEngine.make(workers: workers, cloud: recognition.cloud, models: recognition.models.folder)
        } catch {
            TerminalOutput.note(String(describing: error))
            throw ExitCode(2)
        }
        let options = recognition.options()
        let transcripts = try store.map { try StoreOption.open(path: $0) }
        let printer = ResultPrinter(format: format ?? (inputs.count == 1 ? .json : .jsonl))
        let allSucceeded = try await recognizeAll(with: recognizer, options: options, printer: printer, store: transcripts)
        printer.finish()
        if !allSucceeded { throw ExitCode(1) }
    }

    /// Recognises every page, `jobs` at a time, and prints the outcomes in input order.
    private func recognizeAll(with recognizer: any Recognizer, options: RecognitionOptions,
                              printer: ResultPrinter, store: TranscriptStore?) async throws -> Bool {
        let progress = ProgressLine(inputs: inputs.count)
        var allSucceeded = true
        var pending: [Int: PageOutcome] = [:]
        var nextToPrint = 0
        var scheduled = 0
        func deliver(_ outcome: PageOutcome) {
            pending[outcome.sequence] = outcome
            while let ready = pending.removeValue(forKey: nextToPrint) {
                if case .failure = ready.response { allSucceeded = false }
                if let store, let documentID = ready.documentID {
                    do {
                        try store.recordRun(documentID: documentID, page: ready.page, engine: chosenEngine.rawValue, options: options,
                                            startedAt: ready.startedAt, duration: ready.duration, outcome: ready.response,
                                            imageSize: ready.imageSize)
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
                    documentID = try store.addDocument(name: (input as NSString).lastPathComponent, path: WorkspaceFiles.absolute(input),
                                                       data: file, pageCount: pages.count).id
                }
                for page in pages {
                    if scheduled - nextToPrint - pending.count >= workers, let outcome = try await group.next() {
                        deliver(outcome)
                    }
                    let sequence = scheduled
                    scheduled += 1
                    group.addTask { [documentID] in
                        let startedAt = Date()
                        let response: HandwritingResponse
                        switch page.source {
                        case .failure(let error):
                            response = .failure(error)
                        case .success(let source):
                            do {
                                response = .success(try await recognizer.recognize(RecognitionInput(source: source, options: options)))
                            } catch {
                                response = .failure(ServiceError.from(error))
                            }
                        }
                        return PageOutcome(sequence: sequence, file: input, page: page.number, pageCount: pages.count,
                                           response: response, documentID: documentID, startedAt: startedAt,
                                           duration: Date().timeIntervalSince(startedAt), imageSize: page.imageSize)
                    }
                }
            }
            for try await outcome in group { deliver(outcome) }
        }
        progress.finish()
        return allSucceeded
    }
}

/// A command-line input split into what the recognizer reads.
struct PageSource {
    var number: Int
    var source: Result<ImageSource, ServiceError>

    /// From the image's header, when it is bytes that probe.
    var imageSize: (width: Int, height: Int)? {
        guard case .success(.bytes(let data)) = source, case .success(let info) = ImageProbe.probe(data) else { return nil }
        return (info.width, info.height)
    }

    /// The pages of an input, and for a file its bytes (what the store knows it by).
    static func pages(of input: String) -> (pages: [PageSource], file: Data?) {
        if input.contains("://") {
            do throws(ServiceError) {
                return ([PageSource(number: 1, source: .success(.url(try HandwritingRequest.checkURL(input))))], nil)
            } catch {
                return ([PageSource(number: 1, source: .failure(error))], nil)
            }
        }
        guard let data = FileManager.default.contents(atPath: input) else {
            return ([PageSource(number: 1, source: .failure(ServiceError.invalidParameter.explained("cannot read the file")))], nil)
        }
        do throws(ServiceError) {
            return (try DocumentPages.pages(of: data).map { PageSource(number: $0.number, source: .success(.bytes($0.data))) }, data)
        } catch {
            return ([PageSource(number: 1, source: .failure(error))], data)
        }
    }
}

extension CharSet: ExpressibleByArgument {}
