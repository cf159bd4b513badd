import ArgumentParser
import EngineThreads
import Foundation
import QuireText
import TesseractRecognizer

@main
struct Quire: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "quire",
        abstract: "Transcribe handwritten and printed documents: recognise, review, correct, export.",
        discussion: """
            Quire speaks Huawei Cloud OCR's handwriting API: it recognises with engines embedded \
            in the program (PP-OCR and Tesseract), with Huawei Cloud, or with any compatible \
            endpoint, and it serves the same API itself (quire serve).
            """,
        version: QuireVersion.current,
        subcommands: [OpenCommand.self, RecognizeCommand.self, AddCommand.self, ImportCommand.self, SearchCommand.self, CorrectCommand.self, HistoryCommand.self,
                      StatsCommand.self, ExportCommand.self, QueueCommand.self, WorkCommand.self,
                      ServeCommand.self,
                      ConfigCommand.self]
    )

    static func main() async {
        SingleThreadedOpenMP.ensure()
        // Past a limit on file size a write fails (SQLite says so and the store keeps
        // what it had) instead of the signal killing the process mid-command.
        signal(SIGXFSZ, SIG_IGN)
        ProcessMemory.returnLargeBlocks()
        do {
            // Arguments as paths: a file whose name is not UTF-8 is found again (`FileNames`).
            var command = try parseAsRoot(Array(FileNames.arguments().dropFirst()))
            if var asyncCommand = command as? any AsyncParsableCommand {
                try await asyncCommand.run()
            } else {
                try command.run()
            }
        } catch {
            exit(withError: error)
        }
    }
}
