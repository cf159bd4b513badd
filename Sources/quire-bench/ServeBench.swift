import ArgumentParser
import CloudOCR
import EngineCatalogue
import Foundation
import HandwritingAPI

/// The same requests through the engine in this process and through `quire serve` on
/// loopback, at 1, 2 and 8 concurrent clients: requests per second, latency
/// percentiles, and the server's resident memory.
struct ServeBench: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "quire serve over loopback against the in-process engine, at 1, 2 and 8 concurrent clients."
    )

    @OptionGroup var data: EvaluationData

    @Option(help: "The quire binary (default: beside this one).")
    var quire: String?

    @Option(help: "Times each image is sent per run.")
    var rounds = 2

    @Option(help: "Engine workers, in process and in the server alike.")
    var workers = ProcessInfo.processInfo.activeProcessorCount

    func run() async throws {
        let manifest = try Manifest(folder: try data.folder)
        // Line images: the shortest recognitions, so the server's own cost weighs most.
        let images = try manifest.subsets.filter(\.isLines).flatMap(\.images).map { try Data(contentsOf: $0) }
        let inputs = (0..<rounds).flatMap { _ in images.map { RecognitionInput(source: .bytes($0), options: .init(quickMode: true)) } }
        let binary = quire ?? URL(fileURLWithPath: CommandLine.arguments[0]).deletingLastPathComponent().appendingPathComponent("quire").path
        let server = try ServerProcess(binary: binary, workers: workers)
        defer { server.stop() }
        let local = try EngineName.tesseract.makeEmbedded(workers: workers)
        let settings = try CloudSettings.load(commandLine: ["endpoint": "http://127.0.0.1:\(server.port)"], environment: ["HOME": "/nonexistent"])
        // Warm both up, so that neither pays for loading models in the figures.
        _ = try await Load.run(inputs.prefix(8).map { $0 }, through: local, clients: workers)
        var rows: [[String]] = []
        for clients in [1, 2, 8] {
            let remote = try EngineName.cloud.make(workers: clients, cloud: { settings }, models: nil, warn: { _ in })
            _ = try await Load.run(Array(inputs.prefix(4)), through: remote, clients: clients)
            let inProcess = try await Load.run(inputs, through: local, clients: clients)
            let overHTTP = try await Load.run(inputs, through: remote, clients: clients)
            rows.append([String(clients), String(inputs.count),
                         String(format: "%.1f", inProcess.perSecond), String(format: "%.1f", overHTTP.perSecond),
                         String(format: "%.0f%%", 100 * overHTTP.perSecond / inProcess.perSecond),
                         String(format: "%.0f / %.0f", inProcess.p50 * 1000, inProcess.p99 * 1000),
                         String(format: "%.0f / %.0f", overHTTP.p50 * 1000, overHTTP.p99 * 1000),
                         "\(server.residentMiB()) MiB"])
        }
        print(Table.render(header: ["clients", "requests", "in-process req/s", "quire serve req/s", "serve / in-process",
                                    "in-process p50 / p99 ms", "serve p50 / p99 ms", "server resident"], rows: rows))
    }
}

/// Sends every input through a recognizer with `clients` calls in flight.
enum Load {
    struct Figures {
        var perSecond: Double
        var p50: Double
        var p99: Double
    }

    static func run(_ inputs: [RecognitionInput], through recognizer: any Recognizer, clients: Int) async throws -> Figures {
        let started = ContinuousClock.now
        var latencies: [Double] = []
        try await withThrowingTaskGroup(of: Double.self) { group in
            var next = 0
            func launch() {
                let input = inputs[next]
                next += 1
                group.addTask {
                    let begun = ContinuousClock.now
                    _ = try await recognizer.recognize(input)
                    return Self.seconds(ContinuousClock.now - begun)
                }
            }
            while next < min(clients, inputs.count) { launch() }
            for try await latency in group {
                latencies.append(latency)
                if next < inputs.count { launch() }
            }
        }
        latencies.sort()
        func percentile(_ p: Double) -> Double { latencies[min(latencies.count - 1, Int(Double(latencies.count) * p))] }
        return Figures(perSecond: Double(inputs.count) / seconds(ContinuousClock.now - started), p50: percentile(0.5), p99: percentile(0.99))
    }

    static func seconds(_ duration: Duration) -> Double {
        Double(duration.components.seconds) + Double(duration.components.attoseconds) / 1e18
    }
}

/// `quire serve --port 0` as a child process.
final class ServerProcess {
    let process = Process()
    let port: Int

    struct Failed: Error, CustomStringConvertible { var description: String }

    init(binary: String, workers: Int) throws {
        process.executableURL = URL(fileURLWithPath: binary)
        process.arguments = ["serve", "--engine", "tesseract", "--port", "0", "--jobs", String(workers), "--queue", "64"]
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        while true {
            let chunk = errors.fileHandleForReading.availableData
            guard !chunk.isEmpty else { throw Failed(description: "quire serve did not start: \(seen)") }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                port = Int(seen[range].split(separator: ":").last!)!
                break
            }
        }
        // Keep draining the access log so the server never blocks on a full pipe.
        errors.fileHandleForReading.readabilityHandler = { _ = $0.availableData }
    }

    /// Resident size now, from /proc.
    func residentMiB() -> Int {
        let status = (try? String(contentsOfFile: "/proc/\(process.processIdentifier)/status", encoding: .utf8)) ?? ""
        let line = status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") } ?? ""
        return (Int(line.split(separator: " ", omittingEmptySubsequences: true).dropFirst().first ?? "0") ?? 0) / 1024
    }

    func stop() {
        process.terminate()
        process.waitUntilExit()
    }
}

enum Table {
    static func render(header: [String], rows: [[String]]) -> String {
        let all = [header] + rows
        let widths = header.indices.map { column in all.map { $0[column].count }.max() ?? 0 }
        func format(_ cells: [String]) -> String {
            "| " + cells.enumerated().map { $1.padding(toLength: widths[$0], withPad: " ", startingAt: 0) }.joined(separator: " | ") + " |"
        }
        return ([format(header), "|" + widths.map { String(repeating: "-", count: $0 + 2) }.joined(separator: "|") + "|"]
            + rows.map(format)).joined(separator: "\n")
    }
}
