import ArgumentParser
import EngineCatalogue
import Foundation
import HandwritingAPI
import Logging
import OCRServer

struct ServeCommand: AsyncParsableCommand {
    static let configuration = CommandConfiguration(
        commandName: "serve",
        abstract: "Serve the handwriting API over HTTP with an embedded engine.",
        discussion: """
            Answers POST /v2/{project_id}/ocr/handwriting exactly as Huawei Cloud OCR does: the same JSON, \\
            error codes, messages and statuses, and an X-Request-Id on every response. Point the vendor's SDKs \\
            or quire recognize --endpoint at it.

            Without --tokens or --keys anyone may call it, so it listens on loopback only. SIGTERM or Ctrl-C \\
            stops it gracefully: no new connections, requests in flight finish. One access-log line per \\
            request goes to stderr, without headers or images.
            """
    )

    @Option(help: "Address to listen on.")
    var host = "127.0.0.1"

    @Option(help: "Port to listen on (0: any free port, printed at start).")
    var port = 8080

    @Option(help: "File of accepted X-Auth-Token values, one per line.")
    var tokens: String?

    @Option(help: "File of AK/SK pairs, 'ACCESS_KEY SECRET_KEY' per line, for SDK-HMAC-SHA256 signatures.")
    var keys: String?

    @Option(help: "The engine behind the API: auto (PP-OCR or Tesseract, whichever suits the page), ppocr or tesseract.")
    var engine: ServedEngine = .auto

    @OptionGroup var models: ModelOption

    @Option(help: "Engine workers (default: one per core).")
    var jobs: Int?

    @Option(help: "Requests that may wait for a worker; more get 429 APIG.0308 (default: 4 per worker).")
    var queue: Int?

    @Option(help: "Seconds a recognition may take before 504.")
    var timeout = 60

    @Option(name: .customLong("minimum-side"), help: "Shortest image side accepted, in pixels (the service's is 8; one vendor page says 15).")
    var minimumSide = 8

    @Flag(name: .customLong("allow-private-urls"), help: "Let url input reach loopback, private and link-local addresses.")
    var allowPrivateURLs = false

    enum ServedEngine: String, ExpressibleByArgument, CaseIterable {
        case auto
        case ppocr
        case tesseract
    }

    /// The most workers: each loads an engine's models, so a mistyped number would take
    /// the machine's memory before the server even listens.
    static let maximumJobs = 4 * ProcessInfo.processInfo.activeProcessorCount

    func validate() throws {
        guard (1...Self.maximumJobs).contains(jobs ?? 1) else {
            throw ValidationError("--jobs must be 1 to \(Self.maximumJobs) (4 per core)")
        }
        guard (0...10_000).contains(queue ?? 0) else { throw ValidationError("--queue must be 0 to 10000") }
        guard timeout >= 1 else { throw ValidationError("--timeout must be at least 1 second") }
        guard minimumSide >= 1 else { throw ValidationError("--minimum-side must be at least 1") }
    }

    func run() async throws {
        let served = EngineName(rawValue: engine.rawValue)!
        let workers = jobs ?? served.defaultWorkers()
        ServerConfiguration.raiseFileLimit()
        var configuration = ServerConfiguration(
            host: host, port: port, limits: ImageLimits(minimumSide: minimumSide),
            admitted: workers + (queue ?? 4 * workers), requestTimeout: .seconds(timeout), allowPrivateURLs: allowPrivateURLs)
        do {
            if tokens != nil || keys != nil {
                configuration.authentication = .required(
                    tokens: try tokens.map(ServerConfiguration.readTokens) ?? [],
                    keys: try keys.map(ServerConfiguration.readKeys) ?? [:])
            }
            try configuration.validate()
        } catch {
            TerminalOutput.note(error.description)
            throw ExitCode(2)
        }
        let recognizer: any Recognizer
        do {
            // The server fetches `url` input itself, under its own address policy.
            recognizer = try served.makeEmbedded(workers: workers, limits: configuration.limits, models: models.folder, onePageAtATime: true,
                                                 fetch: nil, warn: { TerminalOutput.note("warning: " + $0) })
        } catch {
            TerminalOutput.note(String(describing: error))
            throw ExitCode(2)
        }
        LoggingSystem.bootstrap { StreamLogHandler.standardError(label: $0) }
        var logger = Logger(label: "quire.serve")
        logger.logLevel = .info
        let mode = tokens == nil && keys == nil ? "none" : [tokens.map { _ in "tokens" }, keys.map { _ in "AK/SK" }].compactMap { $0 }.joined(separator: " or ")
        let host = self.host
        let app = OCRServer.application(recognizer: recognizer, configuration: configuration, logger: logger) { port in
            TerminalOutput.note("listening on http://\(host):\(port) (authentication: \(mode), \(workers) workers)")
        }
        try await app.runService()
    }
}
