import ArgumentParser
import Foundation
import HandwritingAPI
import TranscriptStore

/// The store on generated data: inserting pages, exporting, searching, the accuracy table.
struct StoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "The transcript store on generated data: insert, export, search, accuracy, against their goals."
    )

    @Option(help: "Pages inserted, of 30 blocks each.")
    var pages = 10_000

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-store-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("quire.db").path)
        let words = ["archive", "letter", "river", "garden", "summer", "mother", "photograph", "house", "regards", "write",
                     "大江", "东去", "浪淘", "千古", "风流", "人物", "明月", "故乡", "春眠", "啼鸟"]
        var generator = SystemRandomNumberGenerator()
        func line(_ n: Int) -> String {
            (0..<6).map { _ in words[Int.random(in: 0..<words.count, using: &generator)] }.joined(separator: " ") + " \(n)"
        }
        let pagesPerDocument = 10
        var rows: [[String]] = []

        func page(_ document: String, _ number: Int) -> RunInput {
            let blocks = (0..<30).map { b in
                WordsBlock(words: line(b), confidence: Double.random(in: 0.3...1, using: &generator),
                           location: [Point(x: 10, y: b * 40), Point(x: 900, y: b * 40), Point(x: 900, y: b * 40 + 30), Point(x: 10, y: b * 40 + 30)])
            }
            return .init(documentID: document, page: number, engine: "tesseract", options: .init(), startedAt: Date(), duration: 0.1,
                         outcome: .success(HandwritingResult(blocks: blocks)), imageSize: (1000, 1300))
        }
        func addDocuments(_ count: Int, from first: Int) throws -> [String] {
            try (first..<(first + count)).map { d in
                try store.addDocument(name: "scan-\(d).tif", path: "scans/scan-\(d).tif", data: Data("scan \(d)".utf8), pageCount: pagesPerDocument).id
            }
        }

        // Bulk import: 100 pages a transaction.
        let documents = try addDocuments(pages / pagesPerDocument, from: 0)
        let generated = documents.flatMap { id in (1...pagesPerDocument).map { page(id, $0) } }
        var started = ContinuousClock.now
        for start in stride(from: 0, to: generated.count, by: 100) {
            try store.recordRuns(Array(generated[start..<min(start + 100, generated.count)]))
        }
        let blockCount = pages * 30
        let insert = seconds(since: started)
        rows.append(["insert, 100 pages a commit", "\(pages) pages, \(blockCount) blocks", format(insert),
                     String(format: "%.0f blocks/s", Double(blockCount) / insert), "50,000 blocks/s",
                     String(format: "%.2fx", Double(blockCount) / insert / 50_000)])

        // As quire recognize --store records: one commit a page, as each page is read.
        let extra = try addDocuments(100, from: documents.count)
        let oneByOne = extra.flatMap { id in (1...pagesPerDocument).map { page(id, $0) } }
        started = ContinuousClock.now
        for input in oneByOne { try store.recordRuns([input]) }
        let single = seconds(since: started)
        rows.append(["insert, a commit a page", "\(oneByOne.count) more pages, \(oneByOne.count * 30) blocks", format(single),
                     String(format: "%.0f blocks/s", Double(oneByOne.count * 30) / single), "", ""])

        // Corrections on one block in ten, so the accuracy table has something to measure.
        for id in documents.prefix(100) {
            for page in 1...pagesPerDocument {
                for (index, block) in try store.currentBlocks(of: id, page: page).enumerated() where index % 10 == 0 {
                    try store.correct(blockID: block.block.id!, text: String(block.block.text.dropLast()), reviewed: true)
                }
            }
        }

        // Export 1,000 pages to every format.
        let exported = try store.exportDocuments(ids: Array(documents.prefix(1_000 / pagesPerDocument)))
        started = ContinuousClock.now
        var files = 0
        for format in ExportFormat.transcriptFormats {
            files += try Exporter.write(exported, as: format, to: folder.appendingPathComponent("export-\(format.rawValue)")).count
        }
        let export = seconds(since: started)
        rows.append(["export", "1,000 pages to all \(ExportFormat.transcriptFormats.count) formats (\(files) files)", format(export), "",
                     "2 s", String(format: "%.2fx", 2 / export)])

        // Search: a rare word, a common one, a Chinese substring; the slowest counts.
        var slowest = 0.0
        var each: [String] = []
        for query in ["line 29 nowhere", "photograph river", "浪淘 千古"] {
            started = ContinuousClock.now
            let hits = try store.search(query, limit: 200).count
            let took = seconds(since: started)
            slowest = max(slowest, took)
            each.append("\(hits) hits in \(format(took))")
        }
        rows.append(["search", "\(blockCount + oneByOne.count * 30) blocks: \(each.joined(separator: ", "))", format(slowest), "",
                     "20 ms", String(format: "%.2fx", 0.020 / slowest)])

        started = ContinuousClock.now
        let report = try store.accuracy()
        let accuracy = seconds(since: started)
        rows.append(["accuracy", "\(report.workspace.blocks) corrected of \(blockCount) blocks", format(accuracy), "", "", ""])
        print(Table.render(header: ["operation", "amount", "time", "rate", "goal", "goal / measured"], rows: rows))
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double { Load.seconds(ContinuousClock.now - start) }

    private func format(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }
}
