import HTTPTypes
import HandwritingAPI
import Logging
import NIOCore
import NIOHTTP1
import NIOHTTPTypes

/// Answers a request that HTTP parsing refused (a header block over NIO's limit, a
/// request line that is not HTTP) as every other refusal is answered: the contract's
/// JSON, an `X-Request-Id` and a line in the access log, then the connection closed.
/// Left to Hummingbird such a request got a bare 400 with no body and no id.
final class UnparsableRequestAnswer: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let logger: Logger
    /// A response begun and not yet ended: a second one cannot be written over it.
    private var responding = false

    init(logger: Logger) { self.logger = logger }

    func errorCaught(context: ChannelHandlerContext, error: any Error) {
        guard let parseError = error as? HTTPParserError else {
            context.fireErrorCaught(error)
            return
        }
        // The decoder closes the connection once this returns; nothing may wait.
        if !responding {
            let refusal = parseError == .headerOverflow ? ServiceError.headersTooLarge : ServiceError.invalidParameter
            let id = RequestID.make()
            let body = ByteBuffer(string: ContractJSON.text(.failure(refusal)))
            var headers = HTTPFields()
            headers[.contentType] = "application/json;charset=UTF-8"
            headers[.contentLength] = String(body.readableBytes)
            headers[.connection] = "close"
            headers[RequestID.header] = id
            context.write(wrapOutboundOut(.head(HTTPResponse(status: .init(code: refusal.httpStatus), headerFields: headers))),
                          promise: nil)
            context.write(wrapOutboundOut(.body(body)), promise: nil)
            context.writeAndFlush(wrapOutboundOut(.end(nil)), promise: nil)
            logger.info("- - \(refusal.httpStatus) unparsable request (\(parseError)) id=\(id)")
        }
        context.close(promise: nil)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        switch unwrapOutboundIn(data) {
        case .head(let head) where head.status.kind == .informational: break
        case .head: responding = true
        case .body: break
        case .end: responding = false
        }
        context.write(data, promise: promise)
    }
}
