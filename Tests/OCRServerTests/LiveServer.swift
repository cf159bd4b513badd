import AsyncHTTPClient
import CloudOCR
import Foundation
import HTTPTypes
import HandwritingAPI
import Hummingbird
import Logging
import NIOCore
import OCRServer
import TestSupport

/// A server running on a free loopback port for the length of a test.
struct LiveServer {
    let port: Int
    private let task: Task<Void, any Error>

    var base: URL { URL(string: "http://127.0.0.1:\(port)")! }

    /// `make` builds the application, given the callback that learns its port.
    static func start<App: ApplicationProtocol>(_ make: (@escaping @Sendable (Int) async -> Void) -> App) async throws -> LiveServer {
        let (ports, continuation) = AsyncStream.makeStream(of: Int.self)
        let app = make { port in continuation.yield(port) }
        let task = Task { try await app.runService(gracefulShutdownSignals: []) }
        for await port in ports { return LiveServer(port: port, task: task) }
        throw CancellationError()
    }

    /// `quire serve` over the shared embedded engine.
    static func quire(_ configuration: ServerConfiguration = ServerConfiguration(port: 0)) async throws -> LiveServer {
        var configuration = configuration
        configuration.port = 0
        let recognizer = try SharedEngines.tesseract.get()
        return try await start { running in
            OCRServer.application(recognizer: recognizer, configuration: configuration, logger: quietLogger, onRunning: running)
        }
    }

    /// A stand-in upstream: every request to any path goes to `answer`.
    static func scripted(_ answer: @escaping @Sendable (Request) async throws -> Response) async throws -> LiveServer {
        try await start { running in
            let router = Router()
            router.post("**") { request, _ in try await answer(request) }
            router.get("**") { request, _ in try await answer(request) }
            return Application(router: router, configuration: .init(address: .hostname("127.0.0.1", port: 0)),
                               onServerRunning: { channel in await running(channel.localAddress?.port ?? 0) }, logger: quietLogger)
        }
    }

    func stop() async {
        task.cancel()
        _ = await task.result
    }
}

let quietLogger: Logger = {
    var logger = Logger(label: "test")
    logger.logLevel = .critical
    return logger
}()


/// Counts calls and answers from a script, for retry and concurrency tests.
actor CallLog {
    private(set) var calls = 0
    private(set) var inFlight = 0
    private(set) var mostInFlight = 0
    private(set) var headers: [HTTPFields] = []

    func begin(_ fields: HTTPFields) -> Int {
        calls += 1
        inFlight += 1
        mostInFlight = max(mostInFlight, inFlight)
        headers.append(fields)
        return calls
    }

    func end() { inFlight -= 1 }
}

func contractResponse(_ answer: HandwritingResponse, status: HTTPResponse.Status? = nil, requestID: String = "scripted-id") -> Response {
    var headers = HTTPFields()
    headers[.contentType] = "application/json"
    headers[HTTPField.Name("X-Request-Id")!] = requestID
    let code: HTTPResponse.Status
    switch answer {
    case .success: code = .ok
    case .failure(let error): code = HTTPResponse.Status(code: error.httpStatus)
    }
    return Response(status: status ?? code, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: ContractJSON.text(answer))))
}

/// Client settings for an endpoint, from a real (temporary) environment.
func settings(endpoint: URL, environment: [String: String] = [:]) throws -> CloudSettings {
    try CloudSettings.load(commandLine: ["endpoint": endpoint.absoluteString],
                           environment: environment.merging(["HOME": "/nonexistent"]) { a, _ in a })
}

/// A raw POST, for what the client would refuse to send.
func post(_ url: URL, body: ByteBuffer, headers: [(String, String)] = []) async throws -> (status: Int, headers: HTTPHeadersView, body: String) {
    var request = HTTPClientRequest(url: url.absoluteString)
    request.method = .POST
    request.headers.add(name: "Content-Type", value: "application/json")
    for (name, value) in headers { request.headers.add(name: name, value: value) }
    request.body = .bytes(body)
    let response = try await HTTPClient.shared.execute(request, timeout: .seconds(60))
    let text = String(buffer: try await response.body.collect(upTo: 1 << 20))
    return (Int(response.status.code), HTTPHeadersView(response.headers), text)
}

struct HTTPHeadersView: Sendable {
    let values: [(String, String)]
    init(_ headers: NIOHTTP1.HTTPHeaders) { values = headers.map { ($0.name, $0.value) } }
    func first(_ name: String) -> String? { values.first { $0.0.lowercased() == name.lowercased() }?.1 }
}

import NIOHTTP1
