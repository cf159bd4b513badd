import Crypto
import Foundation
import HandwritingAPI

/// The parts of an `Authorization: SDK-HMAC-SHA256 Access=…, SignedHeaders=…, Signature=…` header.
public struct AuthorizationHeader: Equatable, Sendable {
    public var accessKey: String
    public var signedHeaders: [String]
    public var signature: String

    public init?(_ value: String) {
        let prefix = RequestSigner.algorithm + " "
        guard value.hasPrefix(prefix) else { return nil }
        var fields: [String: String] = [:]
        for part in value.dropFirst(prefix.count).split(separator: ",") {
            let pair = part.trimmingCharacters(in: .whitespaces).split(separator: "=", maxSplits: 1)
            guard pair.count == 2 else { return nil }
            fields[String(pair[0])] = String(pair[1])
        }
        guard let access = fields["Access"], let signed = fields["SignedHeaders"], let signature = fields["Signature"],
              !access.isEmpty, !signed.isEmpty, !signature.isEmpty
        else { return nil }
        accessKey = access
        signedHeaders = signed.split(separator: ";").map { $0.lowercased() }
        self.signature = signature.lowercased()
    }
}

/// Checks AK/SK signatures as the gateway does: against the headers the client chose
/// to sign (official SDKs differ), within 15 minutes of the server's clock.
public struct SignatureVerifier: Sendable {
    public static let allowedSkew: TimeInterval = 15 * 60

    /// Access key to secret key.
    private let keys: [String: String]

    public init(keys: [String: String]) {
        self.keys = keys
    }

    /// Nil when the request is signed right; otherwise APIG.0301 with the reason.
    public func check(_ request: SignableRequest, now: Date = Date()) -> ServiceError? {
        guard let value = request.header("Authorization"), let header = AuthorizationHeader(value) else {
            return ServiceError.authenticationFailed.explained("no SDK-HMAC-SHA256 Authorization header")
        }
        guard let secret = keys[header.accessKey] else {
            return ServiceError.authenticationFailed.explained("unknown access key")
        }
        guard header.signedHeaders.contains("x-sdk-date"), let stamp = request.header("X-Sdk-Date"),
              let date = RequestSigner.parseTimestamp(stamp)
        else {
            return ServiceError.authenticationFailed.explained("X-Sdk-Date missing or not signed")
        }
        guard abs(date.timeIntervalSince(now)) <= Self.allowedSkew else {
            return ServiceError.authenticationFailed.explained("clock skew over 15 minutes")
        }
        let expected = RequestSigner(accessKey: header.accessKey, secretKey: secret)
            .signature(for: request, signedHeaders: header.signedHeaders)
        // Compare in constant time: the signature is a secret-derived value.
        guard Data(expected.utf8).count == Data(header.signature.utf8).count,
              zip(expected.utf8, header.signature.utf8).reduce(0, { $0 | ($1.0 ^ $1.1) }) == 0
        else {
            return ServiceError.authenticationFailed.explained("signature does not match")
        }
        return nil
    }
}
