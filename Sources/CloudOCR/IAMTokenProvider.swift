import AsyncHTTPClient
import Foundation
import HandwritingAPI
import NIOCore
import NIOHTTP1

/// An IAM token from password login, cached until shortly before it expires and
/// fetched again when the service says it must be updated (APIG.0307).
actor IAMTokenProvider {
    struct Login: Sendable {
        var user: String
        var password: Secret
        var domain: String
        /// The project the token is scoped to (a domain-scoped token fails).
        var projectName: String
        /// `https://iam.{region}.myhuaweicloud.com`, or a stand-in.
        var endpoint: URL
    }

    /// Tokens last 24 h; one is renewed this long before it ends.
    static let renewBefore: TimeInterval = 5 * 60

    private let login: Login
    private let client: HTTPClient
    private var cached: (token: String, expires: Date)?

    init(login: Login, client: HTTPClient) {
        self.login = login
        self.client = client
    }

    func token(now: Date = Date()) async throws -> String {
        if let cached, cached.expires.timeIntervalSince(now) > Self.renewBefore { return cached.token }
        let fresh = try await fetch()
        cached = fresh
        return fresh.token
    }

    func invalidate() { cached = nil }

    private func fetch() async throws -> (token: String, expires: Date) {
        let body: [String: Any] = [
            "auth": [
                "identity": ["methods": ["password"],
                             "password": ["user": ["name": login.user, "password": login.password.value, "domain": ["name": login.domain]]]],
                "scope": ["project": ["name": login.projectName]],
            ],
        ]
        var request = HTTPClientRequest(url: login.endpoint.appendingPathComponent("v3/auth/tokens").absoluteString)
        request.method = .POST
        request.headers.add(name: "Content-Type", value: "application/json;charset=UTF-8")
        request.body = .bytes(ByteBuffer(bytes: try JSONSerialization.data(withJSONObject: body)))
        let response: HTTPClientResponse
        do {
            response = try await client.execute(request, timeout: .seconds(30))
        } catch {
            throw ServiceError.authenticationFailed.explained("IAM could not be reached: \(error)")
        }
        let data = Data((try await response.body.collect(upTo: 1 << 20)).readableBytesView)
        guard response.status.code == 201, let token = response.headers.first(name: "X-Subject-Token") else {
            let error = ServiceError.parse(body: data, httpStatus: Int(response.status.code), requestID: response.headers.first(name: "X-Request-Id"))
            throw error.explained("IAM password login failed: check the IAM user, password and account (domain)")
        }
        let expiry = ((try? JSONSerialization.jsonObject(with: data) as? [String: Any])?["token"] as? [String: Any])?["expires_at"] as? String
        let parser = ISO8601DateFormatter()
        parser.formatOptions = [.withInternetDateTime, .withFractionalSeconds]
        let expires = expiry.flatMap { parser.date(from: $0) ?? ISO8601DateFormatter().date(from: $0) } ?? Date().addingTimeInterval(23 * 3600)
        return (token, expires)
    }
}
