import ArgumentParser
import Foundation
import HandwritingAPI
import TranscriptStore
import Transcription

/// The store on generated data: inserting pages, exporting, searching, the accuracy table;
/// on an SQLite file, and beside it on a PostgreSQL database where one is given, with the
/// work queue's own cost there.
struct StoreBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "store",
        abstract: "The transcript store on generated data: insert, export, search, accuracy, against their goals; SQLite beside PostgreSQL.",
        discussion: "scripts/with-postgres starts a throwaway PostgreSQL server and names it in POSTGRES_URL for the command it runs."
    )

    @Option(help: "Pages inserted, of 30 blocks each.")
    var pages = 10_000

    @Option(help: ArgumentHelp("An empty PostgreSQL database to measure beside SQLite (default: $POSTGRES_URL).", valueName: "url"))
    var postgres: String?

    @Option(help: "Pages each queue run drains.")
    var queuePages = 500

    func run() async throws {
        let folder = FileManager.default.temporaryDirectory.appendingPathComponent("quire-store-bench-\(UUID().uuidString)")
        defer { try? FileManager.default.removeItem(at: folder) }
        var backends: [(name: String, store: any TranscriptStore)] = [("SQLite", try SQLiteStore(path: folder.appendingPathComponent("quire.db").path))]
        let url = postgres ?? ProcessInfo.processInfo.environment["POSTGRES_URL"]
        if let url, case .postgres(let address) = try StoreLocation(url) {
            backends.append(("PostgreSQL", try PostgresStore(address: address)))
        }
        // Each backend's run, one after the other on the same generated work.
        var results: [[Measurement]] = []
        for backend in backends {
            results.append(try Workload(pages: pages, folder: folder.appendingPathComponent(backend.name)).measure(backend.store))
        }
        var header = ["operation", "amount"] + backends.map(\.name)
        if backends.count == 2 { header.append("PostgreSQL / SQLite") }
        header += ["goal", "goal / SQLite"]
        let rows = results[0].indices.map { row -> [String] in
            let first = results[0][row]
            var cells = [first.operation, first.amount] + results.map { $0[row].shown }
            if results.count == 2 { cells.append(String(format: "%.2fx", results[1][row].seconds / first.seconds)) }
            cells += [first.goal.map { Self.format($0) } ?? "", first.goal.map { String(format: "%.2fx", $0 / first.seconds) } ?? ""]
            return cells
        }
        print(Table.render(header: header, rows: rows))
        if let postgres = backends.dropFirst().first?.store as? PostgresStore {
            print()
            print(Table.render(header: ["queue", "pages", "time", "per page", "pages/s"], rows: try queueRows(postgres)))
        }
    }

    /// The queue's own cost: pages leased, "read" by an engine that answers at once with
    /// 30 lines, recorded and marked done, by one worker and then by two (each with a
    /// connection of its own, as two processes would have); then with an engine that takes
    /// 50 ms a page (real ones take 0.3 s and more), where two workers should read twice as many.
    private func queueRows(_ store: PostgresStore) throws -> [[String]] {
        var documents: [String] = []
        for n in 0..<queuePages {
            let bytes = Data("queued page \(n)".utf8)
            try store.keepFile(bytes)
            documents.append(try store.addDocument(name: "queued-\(n).png", path: "queued/\(n).png", data: bytes, pageCount: 1).id)
        }
        var rows: [[String]] = []
        for (engine, pause, count) in [("at once", 0.0, queuePages), ("50 ms a page", 0.05, queuePages / 4)] {
            for workers in [1, 2] {
                try store.enqueue(documents: Array(documents.prefix(count)), at: Date())
                let queues: [any WorkQueue] = try [store] + (1..<workers).map { _ in try PostgresStore(address: store.address) }
                let started = ContinuousClock.now
                try awaitAll(queues.map { queue in
                    QueueWorker(queue: queue, recognizer: InstantRecognizer(pause: pause), engine: "instant", options: .init(), lease: 60,
                                name: "bench")
                })
                let took = Load.seconds(ContinuousClock.now - started)
                let counts = try store.queueCounts()
                guard counts.done == queuePages, counts.queued + counts.leased == 0 else { throw ValidationError("the queue ended with \(counts)") }
                rows.append(["\(workers) worker\(workers == 1 ? "" : "s"), engine \(engine)", "\(count)", Self.format(took),
                             String(format: "%.2f ms", took / Double(count) * 1000), String(format: "%.0f", Double(count) / took)])
            }
        }
        return rows
    }

    /// Runs the workers until the queue is empty, each on a thread of its own.
    private func awaitAll(_ workers: [QueueWorker]) throws {
        let group = DispatchGroup()
        let failure = Failure()
        for worker in workers {
            group.enter()
            Task.detached {
                do { try await worker.run(jobs: 1, untilEmpty: true) { _ in } } catch { failure.error = error }
                group.leave()
            }
        }
        group.wait()
        if let error = failure.error { throw error }
    }

    static func format(_ seconds: Double) -> String {
        seconds < 1 ? String(format: "%.1f ms", seconds * 1000) : String(format: "%.2f s", seconds)
    }
}

/// An engine that answers at once: what is measured is the queue and the store.
private struct InstantRecognizer: Recognizer {
    var pause: Double

    func recognize(_ input: RecognitionInput) async throws -> HandwritingResult {
        if pause > 0 { try await Task.sleep(for: .seconds(pause)) }
        return HandwritingResult(blocks: (0..<30).map { b in
            WordsBlock(words: "line \(b) of a page read at once", confidence: 0.9,
                       location: [Point(x: 10, y: b * 40), Point(x: 900, y: b * 40), Point(x: 900, y: b * 40 + 30), Point(x: 10, y: b * 40 + 30)])
        })
    }
}

private final class Failure: @unchecked Sendable {
    var error: (any Error)?
}

/// One operation's figure on one backend.
private struct Measurement {
    var operation: String
    var amount: String
    var seconds: Double
    var rate: String?
    /// The goal, in seconds, where there is one.
    var goal: Double?
    var shown: String { StoreBench.format(seconds) + (rate.map { " (\($0))" } ?? "") }
}

/// The same generated work on any store: a bulk import, pages recorded one a commit,
/// corrections, exports, searches, the accuracy table.
private struct Workload {
    let pages: Int
    let folder: URL
    let pagesPerDocument = 10
    private static let words = ["archive", "letter", "river", "garden", "summer", "mother", "photograph", "house", "regards", "write",
                                "大江", "东去", "浪淘", "千古", "风流", "人物", "明月", "故乡", "春眠", "啼鸟"]

    private func line(_ n: Int, _ generator: inout some RandomNumberGenerator) -> String {
        (0..<6).map { _ in Self.words[Int.random(in: 0..<Self.words.count, using: &generator)] }.joined(separator: " ") + " \(n)"
    }

    private func page(_ document: String, _ number: Int, _ generator: inout some RandomNumberGenerator) -> RunInput {
        let blocks = (0..<30).map { b in
            WordsBlock(words: line(b, &generator), confidence: Double.random(in: 0.3...1, using: &generator),
                       location: [Point(x: 10, y: b * 40), Point(x: 900, y: b * 40), Point(x: 900, y: b * 40 + 30), Point(x: 10, y: b * 40 + 30)])
        }
        return .init(documentID: document, page: number, engine: "tesseract", options: .init(), startedAt: Date(), duration: 0.1,
                     outcome: .success(HandwritingResult(blocks: blocks)), imageSize: (1000, 1300))
    }

    private func addDocuments(_ count: Int, from first: Int, to store: any TranscriptStore) throws -> [String] {
        try store.addDocuments((first..<(first + count)).map { d in
            let bytes = Data("scan \(d)".utf8)
            return NewDocument(id: DocumentRecord.id(of: bytes), name: "scan-\(d).tif", path: "scans/scan-\(d).tif", byteCount: bytes.count,
                               pageCount: pagesPerDocument)
        }).map(\.id)
    }

    private func seconds(since start: ContinuousClock.Instant) -> Double { Load.seconds(ContinuousClock.now - start) }

    func measure(_ store: any TranscriptStore) throws -> [Measurement] {
        var generator = SystemRandomNumberGenerator()
        var rows: [Measurement] = []

        // Bulk import: 100 pages a transaction.
        let documents = try addDocuments(pages / pagesPerDocument, from: 0, to: store)
        let generated = documents.flatMap { id in (1...pagesPerDocument).map { page(id, $0, &generator) } }
        var started = ContinuousClock.now
        for start in stride(from: 0, to: generated.count, by: 100) {
            try store.recordRuns(Array(generated[start..<min(start + 100, generated.count)]))
        }
        let blockCount = pages * 30
        let insert = seconds(since: started)
        rows.append(Measurement(operation: "insert, 100 pages a commit", amount: "\(pages) pages, \(blockCount) blocks", seconds: insert,
                                rate: String(format: "%.0f blocks/s", Double(blockCount) / insert), goal: Double(blockCount) / 50_000))

        // As quire recognize --store and quire work record: one commit a page, as each page is read.
        let extra = try addDocuments(100, from: documents.count, to: store)
        let oneByOne = extra.flatMap { id in (1...pagesPerDocument).map { page(id, $0, &generator) } }
        started = ContinuousClock.now
        for input in oneByOne { try store.recordRuns([input]) }
        let single = seconds(since: started)
        rows.append(Measurement(operation: "insert, a commit a page", amount: "\(oneByOne.count) more pages, \(oneByOne.count * 30) blocks",
                                seconds: single, rate: String(format: "%.0f blocks/s", Double(oneByOne.count * 30) / single)))

        // Corrections on one line in ten of 1,000 pages, one commit each, as people make them.
        started = ContinuousClock.now
        var corrections = 0
        for id in documents.prefix(100) {
            for page in 1...pagesPerDocument {
                for (index, block) in try store.currentBlocks(of: id, page: page).enumerated() where index % 10 == 0 {
                    try store.correct(blockID: block.block.id!, text: String(block.block.text.dropLast()), reviewed: true)
                    corrections += 1
                }
            }
        }
        let correcting = seconds(since: started)
        rows.append(Measurement(operation: "load a page, correct", amount: "1,000 pages loaded, \(corrections) corrections", seconds: correcting,
                                rate: String(format: "%.0f corrections/s", Double(corrections) / correcting)))

        // Export 1,000 pages to every format.
        started = ContinuousClock.now
        let exported = try store.exportDocuments(ids: Array(documents.prefix(1_000 / pagesPerDocument)))
        var files = 0
        for format in ExportFormat.transcriptFormats {
            files += try Exporter.write(exported, as: format, to: folder.appendingPathComponent("export-\(format.rawValue)")).count
        }
        rows.append(Measurement(operation: "export", amount: "1,000 pages to all \(ExportFormat.transcriptFormats.count) formats (\(files) files)",
                                seconds: seconds(since: started), goal: 2))

        // Search: a rare phrase, a common one, a Chinese substring (the trigram indexes), the slowest
        // counts; then two Chinese characters, too short for a trigram (a scan on both backends).
        for (name, queries) in [("search, 3+ characters", ["line 29 nowhere", "photograph river", "浪淘 千古"]), ("search, 2 characters", ["明月"])] {
            var slowest = 0.0
            var hits: [Int] = []
            for query in queries {
                started = ContinuousClock.now
                hits.append(try store.search(query, limit: 200).count)
                slowest = max(slowest, seconds(since: started))
            }
            rows.append(Measurement(operation: name, amount: "\(blockCount + oneByOne.count * 30) blocks (\(hits.map(String.init).joined(separator: ", ")) hits)",
                                    seconds: slowest, goal: 0.020))
        }

        started = ContinuousClock.now
        let report = try store.accuracy()
        rows.append(Measurement(operation: "accuracy", amount: "\(report.workspace.blocks) corrected of \(blockCount) blocks",
                                seconds: seconds(since: started)))
        return rows
    }
}
