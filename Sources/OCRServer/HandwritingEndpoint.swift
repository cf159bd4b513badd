import Foundation
import HTTPTypes
import HandwritingAPI
import Hummingbird
import ImageFetching
import NIOCore
import RequestSigning

/// `POST /v2/{project_id}/ocr/handwriting`, answered as the service answers it.
struct HandwritingEndpoint: Sendable {
    let recognizer: any Recognizer
    let configuration: ServerConfiguration
    let gate: AdmissionGate
    let fetcher: ImageFetcher
    let verifier: SignatureVerifier?

    init(recognizer: any Recognizer, configuration: ServerConfiguration, fetcher: ImageFetcher) {
        self.recognizer = recognizer
        self.configuration = configuration
        self.fetcher = fetcher
        gate = AdmissionGate(capacity: configuration.admitted)
        if case .required(_, let keys) = configuration.authentication, !keys.isEmpty {
            verifier = SignatureVerifier(keys: keys)
        } else {
            verifier = nil
        }
    }

    func handle(_ request: Request) async -> Response {
        do {
            let body = try await readBody(request)
            // Admitted before anything costly: a request refused for a full queue is not parsed.
            guard gate.tryEnter() else {
                // Answered after a pause: a client that asks again at once (128 of them
                // did) otherwise spent the server's cores on refusals, not on pages.
                try? await Task.sleep(for: configuration.refusalPause)
                throw ServiceError.throttled.explained("the server's queue is full")
            }
            let input: RecognitionInput
            do {
                try authenticate(request, body: body)
                input = try HandwritingRequest.decode(body).validated(limits: configuration.limits)
            } catch {
                gate.leave()
                throw error
            }
            return Self.response(.success(try await recognize(input)))
        } catch let error as ServiceError {
            return Self.response(.failure(error))
        } catch {
            return Self.response(.failure(ServiceError.from(error)))
        }
    }

    /// Over `refusedBody` is 413 as soon as the length says so (or the stream passes
    /// it); over `maximumBody` is ModelArts.4104. Nothing larger is held in memory.
    private func readBody(_ request: Request) async throws(ServiceError) -> Data {
        if let declared = request.headers[.contentLength].flatMap(Int.init) {
            if declared > configuration.refusedBody {
                await Self.discard(request.body)
                throw ServiceError.entityTooLarge
            }
            if declared > configuration.maximumBody { throw ServiceError.invalidContentLength }
        }
        let buffer: ByteBuffer
        do {
            buffer = try await request.body.collect(upTo: configuration.refusedBody)
        } catch is NIOTooManyBytesError {
            await Self.discard(request.body)
            throw ServiceError.entityTooLarge
        } catch {
            throw ServiceError.invalidContentLength.explained("the body could not be read: \(error)")
        }
        guard buffer.readableBytes <= configuration.maximumBody else { throw ServiceError.invalidContentLength }
        return Data(buffer.readableBytesView)
    }

    /// Most of a refused body read and thrown away before the answer: a client that
    /// sends its whole body before it reads (Python's http.client, without `Expect:
    /// 100-continue`) would otherwise block in its send until its own timeout. Past
    /// this the connection is closed.
    static let discardedAtMost = 64 * 1024 * 1024

    private static func discard(_ body: RequestBody) async {
        var read = 0
        do {
            for try await chunk in body {
                read += chunk.readableBytes
                if read > discardedAtMost { return }
            }
        } catch {}
    }

    private func authenticate(_ request: Request, body: Data) throws(ServiceError) {
        guard case .required(let tokens, _) = configuration.authentication else { return }
        if let token = request.headers[HTTPField.Name("X-Auth-Token")!] {
            guard tokens.contains(token) else { throw ServiceError.invalidToken }
            return
        }
        guard let verifier, request.headers[.authorization] != nil else {
            throw tokens.isEmpty ? ServiceError.authenticationFailed : ServiceError.missingToken
        }
        if let failure = verifier.check(Self.signable(request, body: body)) { throw failure }
    }

    /// The request as the client signed it. HTTP/1's Host header arrives as the authority.
    static func signable(_ request: Request, body: Data) -> SignableRequest {
        var headers = request.headers.map { ($0.name.rawName, $0.value) }
        if let authority = request.head.authority { headers.append(("Host", authority)) }
        let path = request.uri.path.removingPercentEncoding ?? request.uri.path
        let query = request.uri.queryParameters.map { (String($0.key), String($0.value)) }
        return SignableRequest(method: request.method.rawValue, path: path, query: query, headers: headers, body: body)
    }

    /// Reads an admitted request's image; its place in the queue is given up when the
    /// engine's work ends.
    private func recognize(_ input: RecognitionInput) async throws -> HandwritingResult {
        var input = input
        if case .url(let address) = input.source {
            do {
                input.source = .bytes(try await fetcher.fetch(address))
            } catch {
                gate.leave()
                throw error
            }
        }
        let recognizer = self.recognizer, gate = self.gate, readied = input
        // An engine cannot be stopped mid-page: its work keeps its place in the queue until
        // it ends, but the caller is answered at the deadline.
        let work = Task {
            defer { gate.leave() }
            return try await recognizer.recognize(readied)
        }
        let timeout = configuration.requestTimeout
        return try await Deadline.first(of: work, within: timeout,
                                        else: ServiceError(code: "APIG.0201", message: "Backend timeout.", httpStatus: 504,
                                                           detail: "no answer within \(timeout)"))
    }

    static func response(_ answer: HandwritingResponse) -> Response {
        let status: HTTPResponse.Status
        switch answer {
        case .success: status = .ok
        case .failure(let error): status = HTTPResponse.Status(code: error.httpStatus)
        }
        var headers = HTTPFields()
        headers[.contentType] = "application/json;charset=UTF-8"
        if status == .contentTooLarge { headers[.connection] = "close" }  // what is left of the body is not read
        return Response(status: status, headers: headers,
                        body: ResponseBody(byteBuffer: ByteBuffer(string: ContractJSON.text(answer))))
    }
}
