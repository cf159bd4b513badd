import Foundation
import HandwritingAPI
import Hummingbird
import ImageFetching
import Logging
import NIOCore

/// `quire serve`: the handwriting API over HTTP in front of any `Recognizer`.
public enum OCRServer {
    /// The application, ready to run (`runService()` stops gracefully on SIGTERM and
    /// SIGINT: no new connections, requests in flight finish). `onRunning` is given
    /// the bound port, which matters when the configuration asks for port 0.
    public static func application(
        recognizer: any Recognizer, configuration: ServerConfiguration, logger: Logger,
        onRunning: @escaping @Sendable (Int) async -> Void = { _ in }
    ) -> some ApplicationProtocol {
        let fetcher = ImageFetcher(allowPrivate: configuration.allowPrivateURLs, timeout: configuration.urlTimeout)
        let endpoint = HandwritingEndpoint(recognizer: recognizer, configuration: configuration, fetcher: fetcher)
        let connections = OpenConnections(limit: configuration.maximumConnections)
        let router = Router()
        router.add(middleware: RequestLogMiddleware(logger: logger))
        router.post("/v2/:project_id/ocr/handwriting") { request, _ in await endpoint.handle(request) }
        return Application(
            router: router,
            server: .http1(configuration: .init(additionalChannelHandlers: [ConnectionLimit(connections), UnparsableRequestAnswer(logger: logger)],
                                                idleTimeout: TimeAmount(configuration.idleTimeout))),
            configuration: .init(address: .hostname(configuration.host, port: configuration.port), serverName: "quire"),
            onServerRunning: { channel in await onRunning(channel.localAddress?.port ?? configuration.port) },
            logger: logger)
    }
}
