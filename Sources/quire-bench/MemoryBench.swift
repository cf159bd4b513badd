import ArgumentParser
import EngineCatalogue
import Foundation
import HandwritingAPI
import Leptonica
import PaddleRecognizer

/// Resident memory of the PP-OCR engine: its pool of sessions loaded, then a large page read.
struct MemoryBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "memory",
        abstract: "Resident and peak memory of the ppocr engine with its pool loaded and a 4000x3000 page recognised.",
        discussion: """
            The page is a real one from the evaluation set (a printed page), scaled to
            4000 x 3000 and encoded as PNG. Figures are this process's VmRSS and VmHWM
            (the peak) from /proc/self/status, in MiB, after each step.
            """
    )

    @OptionGroup var data: EvaluationData

    @Option(help: "The page to scale up.")
    var page: String = MemoryBench.defaultPage

    static let defaultPage = "print_en_page_8087_054.3B.tif"

    @Option(help: "Engine workers (default: one per core).")
    var workers: Int = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        var rows: [[String]] = [Self.row("process started")]
        let source = try Data(contentsOf: try data.folder.appendingPathComponent(page))
        guard let image = Image(decoding: source), let large = image.scaled(width: 4000, height: 3000)?.pngData() else {
            throw ValidationError("could not make a 4000x3000 page from \(page)")
        }
        rows.append(Self.row("4000x3000 page made (\(large.count / 1024) KiB PNG)"))
        // As quire serve and the workbench make it: every core for each call.
        guard let engine = try EngineName.ppocr.makeEmbedded(workers: workers, onePageAtATime: true) as? PaddleRecognizer else { return }
        rows.append(Self.row("pool loaded (\(engine.workers) workers, ONNX Runtime \(engine.runtimeVersion))"))
        let started = Date()
        let result = try await engine.recognize(RecognitionInput(source: .bytes(large)))
        let seconds = Date().timeIntervalSince(started)
        rows.append(Self.row(String(format: "page recognised (%d lines, %.1f s)", result.blocks.count, seconds)))
        let again = try await engine.recognize(RecognitionInput(source: .bytes(large)))
        rows.append(Self.row("page recognised again (\(again.blocks.count) lines)"))
        print(Table.render(header: ["after", "resident MiB", "peak MiB"], rows: rows))
    }

    static func row(_ label: String) -> [String] {
        let status = (try? String(contentsOfFile: "/proc/self/status", encoding: .utf8)) ?? ""
        func mebibytes(_ key: String) -> String {
            guard let line = status.split(separator: "\n").first(where: { $0.hasPrefix(key + ":") }),
                  let kilobytes = line.split(separator: " ").compactMap({ Int($0) }).first else { return "?" }
            return String(kilobytes / 1024)
        }
        return [label, mebibytes("VmRSS"), mebibytes("VmHWM")]
    }
}
