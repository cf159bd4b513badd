import Foundation
import HandwritingAPI
import HTTPTypes
import Hummingbird
import Logging

/// Gives every response an `X-Request-Id` and writes one access-log line per request:
/// method, path, status, time, id. Never headers or body, where secrets and images are.
struct RequestLogMiddleware<Context: RequestContext>: RouterMiddleware {
    let logger: Logger

    func handle(_ request: Request, context: Context, next: (Request, Context) async throws -> Response) async throws -> Response {
        let id = RequestID.make()
        let started = ContinuousClock.now
        var response: Response
        do {
            response = try await next(request, context)
        } catch let error as HTTPError where error.status == .notFound || error.status == .methodNotAllowed {
            response = HandwritingEndpoint.response(.failure(ServiceError(
                code: "APIG.0101", message: "The API does not exist or has not been published in the environment.",
                httpStatus: Int(error.status.code))))
        } catch {
            response = HandwritingEndpoint.response(.failure(ServiceError.from(error)))
        }
        response.headers[RequestID.header] = id
        let elapsed = ContinuousClock.now - started
        let milliseconds = Double(elapsed.components.seconds) * 1000 + Double(elapsed.components.attoseconds) / 1e15
        logger.info("\(request.method.rawValue) \(request.uri.path) \(response.status.code) \(String(format: "%.1f", milliseconds)) ms id=\(id)")
        return response
    }
}
