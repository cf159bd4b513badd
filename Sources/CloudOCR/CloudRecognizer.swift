import AsyncHTTPClient
import EngineThreads
import Foundation
import HandwritingAPI
import NIOCore
import NIOHTTP1
import RequestSigning

/// The handwriting API over HTTP: Huawei Cloud OCR, or any endpoint that speaks the
/// same contract (such as `quire serve`). Signs with AK/SK or sends an IAM token,
/// retries per API.md, and keeps to a cap on calls in flight and a rate.
public final class CloudRecognizer: Recognizer {
    public struct Configuration: Sendable {
        public var settings: CloudSettings
        public var retry: RetryPolicy
        /// Calls in flight at most.
        public var concurrentRequests: Int
        /// Calls started per second at most; nil for no limit.
        public var requestsPerSecond: Double?
        public var connectTimeout: Duration
        /// The whole call, sending the image and reading the answer.
        public var readTimeout: Duration
        /// Where IAM password login goes; `https://iam.{region}.myhuaweicloud.com` by default.
        public var iamEndpoint: URL?

        public init(settings: CloudSettings, retry: RetryPolicy = .init(), concurrentRequests: Int = 8,
                    requestsPerSecond: Double? = nil, connectTimeout: Duration = .seconds(10),
                    readTimeout: Duration = .seconds(60), iamEndpoint: URL? = nil) {
            self.settings = settings
            self.retry = retry
            self.concurrentRequests = concurrentRequests
            self.requestsPerSecond = requestsPerSecond
            self.connectTimeout = connectTimeout
            self.readTimeout = readTimeout
            self.iamEndpoint = iamEndpoint
        }
    }

    /// A failure to reach the service at all (refused, reset, dropped, timed out):
    /// retried like a gateway that is unavailable.
    public static func networkFailure(_ why: String) -> ServiceError {
        ServiceError(code: "Quire.Network", message: "The service could not be reached.", httpStatus: 503, detail: why)
    }

    public let configuration: Configuration
    private let client: HTTPClient
    private let gate: RequestGate
    private let tokens: IAMTokenProvider?
    private let address: String

    /// Huawei's own endpoints need a project id; a compatible endpoint takes any.
    public init(_ configuration: Configuration) throws(ServiceError) {
        self.configuration = configuration
        let settings = configuration.settings
        let isHuawei = settings.endpoint.value.host?.hasSuffix(".myhuaweicloud.com") ?? false
        guard let project = settings.projectID?.value ?? (isHuawei ? nil : "local") else {
            throw ServiceError.invalidParameter.explained(
                "a project id is needed for \(settings.endpoint.value.absoluteString): set HUAWEICLOUD_SDK_PROJECT_ID or --project-id")
        }
        let base = settings.endpoint.value.absoluteString.hasSuffix("/")
            ? String(settings.endpoint.value.absoluteString.dropLast()) : settings.endpoint.value.absoluteString
        address = "\(base)/v2/\(RequestSigner.escape(project))/ocr/handwriting"
        var http = HTTPClient.Configuration()
        http.timeout = .init(connect: .init(configuration.connectTimeout), read: .init(configuration.readTimeout))
        http.redirectConfiguration = .disallow
        client = HTTPClient(eventLoopGroupProvider: .singleton, configuration: http)
        gate = RequestGate(limit: configuration.concurrentRequests, perSecond: configuration.requestsPerSecond)
        if settings.authentication == .iamToken, let user = settings.iamUser, let password = settings.iamPassword {
            let iam = configuration.iamEndpoint ?? URL(string: "https://iam.\(settings.region.value).myhuaweicloud.com")!
            tokens = IAMTokenProvider(login: .init(user: user.value, password: password.value, domain: settings.iamDomain?.value ?? user.value,
                                                   projectName: settings.region.value, endpoint: iam), client: client)
        } else {
            tokens = nil
        }
    }

    deinit {
        // Non-blocking: a blocking shutdown here could stall an event loop thread.
        client.shutdown { _ in }
    }

    public func recognize(_ input: RecognitionInput) async throws -> HandwritingResult {
        if case .bytes(let data) = input.source {
            _ = try ImageValidation.check(data)  // refuse here what the service would refuse, without a call
        }
        let body = try JSONEncoder().encode(HandwritingRequest(input))
        var attempt = 1
        var refreshedToken = false
        while true {
            do {
                return try await call(body)
            } catch let error as ServiceError {
                if error.code == ServiceError.tokenMustBeUpdated.code, let tokens, !refreshedToken {
                    refreshedToken = true
                    await tokens.invalidate()
                    continue
                }
                guard configuration.retry.shouldRetry(error, afterAttempt: attempt) else { throw Guidance.explain(error) }
                attempt += 1
                try await Task.sleep(for: .milliseconds(Int(configuration.retry.delay(random: Double.random(in: 0..<1)) * 1000)))
            }
        }
    }

    /// One call: through the gate, signed or with a token, answer parsed.
    private func call(_ body: Data) async throws -> HandwritingResult {
        try await gate.passing { try await self.send(body) }
    }

    private func send(_ body: Data) async throws -> HandwritingResult {
        let settings = configuration.settings
        var headers: [(name: String, value: String)] = [("Content-Type", "application/json;charset=UTF-8")]
        if let project = settings.projectID?.value { headers.append(("X-Project-Id", project)) }
        switch settings.authentication {
        case .accessKey:
            if let token = settings.securityToken?.value.value { headers.append(("X-Security-Token", token)) }
        case .iamToken:
            if let tokens { headers.append(("X-Auth-Token", try await tokens.token())) }
        case .fixedToken:
            if let token = settings.authToken?.value.value { headers.append(("X-Auth-Token", token)) }
        case .none:
            break
        }
        var signable = SignableRequest(method: "POST", url: URL(string: address)!, headers: headers, body: body)
        if settings.authentication == .accessKey, let ak = settings.accessKey?.value, let sk = settings.secretKey?.value.value {
            RequestSigner(accessKey: ak, secretKey: sk).sign(&signable)
        }
        var request = HTTPClientRequest(url: address)
        request.method = .POST
        // The Host header is the URL's; HTTPClient sets it.
        for header in signable.headers where header.name.lowercased() != "host" {
            request.headers.add(name: header.name, value: header.value)
        }
        request.body = .bytes(ByteBuffer(bytes: body))
        let response: HTTPClientResponse
        let data: Data
        do {
            response = try await client.execute(request, timeout: TimeAmount(configuration.readTimeout))
            data = Data((try await response.body.collect(upTo: 16 << 20)).readableBytesView)
        } catch is CancellationError {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .cancelled {
            throw CancellationError()
        } catch let error as HTTPClientError where error == .deadlineExceeded || error == .readTimeout {
            throw ServiceError(code: "Quire.Timeout", message: "The service did not answer in time.", httpStatus: 408,
                               detail: "no answer within \(configuration.readTimeout)")
        } catch {
            throw Self.networkFailure(String(describing: error))
        }
        let requestID = response.headers.first(name: "X-Request-Id")
        guard response.status.code == 200 else {
            throw ServiceError.parse(body: data, httpStatus: Int(response.status.code), requestID: requestID)
        }
        do {
            switch try JSONDecoder().decode(HandwritingResponse.self, from: data) {
            case .success(let result): return result
            case .failure(var error):
                error.requestID = requestID
                throw error
            }
        } catch let error as ServiceError {
            throw error
        } catch {
            throw ServiceError.recognitionFailed.explained("the answer is not the contract's JSON (request \(requestID ?? "?"))")
        }
    }
}
