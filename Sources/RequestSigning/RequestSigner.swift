import Crypto
import Foundation

/// A request as far as signing is concerned: method, path, query, headers, body.
public struct SignableRequest: Sendable {
    public var method: String
    /// The decoded path, e.g. `/v2/abc/ocr/handwriting`.
    public var path: String
    /// Decoded query items, in any order.
    public var query: [(name: String, value: String)]
    /// Header names in any case; a name may repeat.
    public var headers: [(name: String, value: String)]
    public var body: Data

    public init(method: String, path: String, query: [(name: String, value: String)] = [],
                headers: [(name: String, value: String)] = [], body: Data = Data()) {
        self.method = method
        self.path = path
        self.query = query
        self.headers = headers
        self.body = body
    }

    /// From a URL: its path and query, and a `Host` header from its host (and port).
    public init(method: String, url: URL, headers: [(name: String, value: String)] = [], body: Data = Data()) {
        let components = URLComponents(url: url, resolvingAgainstBaseURL: false)
        var host = url.host ?? ""
        if let port = url.port { host += ":\(port)" }
        self.init(method: method, path: components?.path ?? url.path,
                  query: (components?.queryItems ?? []).map { ($0.name, $0.value ?? "") },
                  headers: [("Host", host)] + headers, body: body)
    }

    public func header(_ name: String) -> String? {
        headers.first { $0.name.lowercased() == name.lowercased() }?.value
    }
}

/// Huawei Cloud's `SDK-HMAC-SHA256` request signing (API.md, "AK/SK signing"), used by
/// the client to sign and by `quire serve` to verify.
public struct RequestSigner: Sendable {
    public static let algorithm = "SDK-HMAC-SHA256"
    public static let emptyBodyHash = "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"

    public let accessKey: String
    private let secretKey: String

    public init(accessKey: String, secretKey: String) {
        self.accessKey = accessKey
        self.secretKey = secretKey
    }

    /// `YYYYMMDDTHHMMSSZ` in UTC.
    public static func timestamp(_ date: Date) -> String {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.string(from: date)
    }

    public static func parseTimestamp(_ text: String) -> Date? {
        let formatter = DateFormatter()
        formatter.locale = Locale(identifier: "en_US_POSIX")
        formatter.timeZone = TimeZone(identifier: "UTC")
        formatter.dateFormat = "yyyyMMdd'T'HHmmss'Z'"
        return formatter.date(from: text)
    }

    /// Adds `X-Sdk-Date` (unless the request has one) and `Authorization`, signing every
    /// header the request carries.
    public func sign(_ request: inout SignableRequest, at date: Date = Date()) {
        if request.header("X-Sdk-Date") == nil {
            request.headers.append(("X-Sdk-Date", Self.timestamp(date)))
        }
        let signed = Self.signedHeaderNames(request.headers.map(\.name))
        request.headers.append(("Authorization", authorization(for: request, signedHeaders: signed)))
    }

    /// The `Authorization` value for a request, signing the named headers.
    public func authorization(for request: SignableRequest, signedHeaders: [String]) -> String {
        "\(Self.algorithm) Access=\(accessKey), SignedHeaders=\(signedHeaders.joined(separator: ";")), Signature=\(signature(for: request, signedHeaders: signedHeaders))"
    }

    public func signature(for request: SignableRequest, signedHeaders: [String]) -> String {
        let date = request.header("X-Sdk-Date") ?? ""
        let canonical = Self.canonicalRequest(request, signedHeaders: signedHeaders)
        let toSign = "\(Self.algorithm)\n\(date)\n\(Self.hex(SHA256.hash(data: Data(canonical.utf8))))"
        let mac = HMAC<SHA256>.authenticationCode(for: Data(toSign.utf8), using: SymmetricKey(data: Data(secretKey.utf8)))
        return Self.hex(mac)
    }

    /// Lower-cased, sorted, without duplicates; `Authorization` itself is never signed.
    static func signedHeaderNames(_ names: [String]) -> [String] {
        Array(Set(names.map { $0.lowercased() }).subtracting(["authorization"])).sorted()
    }

    public static func canonicalRequest(_ request: SignableRequest, signedHeaders: [String]) -> String {
        let headers = signedHeaders.map { name in
            "\(name):\((request.header(name) ?? "").trimmingCharacters(in: .whitespaces))\n"
        }.joined()
        let payloadHash = request.header("X-Sdk-Content-Sha256") ?? hex(SHA256.hash(data: request.body))
        return [request.method.uppercased(), canonicalURI(request.path), canonicalQuery(request.query), headers,
                signedHeaders.joined(separator: ";"), payloadHash].joined(separator: "\n")
    }

    /// Each path segment percent-encoded, always ending in `/`.
    static func canonicalURI(_ path: String) -> String {
        let encoded = path.split(separator: "/", omittingEmptySubsequences: false).map { escape(String($0)) }.joined(separator: "/")
        return encoded.hasSuffix("/") ? encoded : encoded + "/"
    }

    /// `enc(key)=enc(value)` sorted by key, then value, joined with `&`.
    static func canonicalQuery(_ items: [(name: String, value: String)]) -> String {
        items.map { (escape($0.name), escape($0.value)) }
            .sorted { $0.0 != $1.0 ? $0.0 < $1.0 : $0.1 < $1.1 }
            .map { "\($0.0)=\($0.1)" }.joined(separator: "&")
    }

    /// Unreserved characters stay; every other byte is `%XX` in upper case.
    public static func escape(_ text: String) -> String {
        var out = ""
        for byte in text.utf8 {
            switch byte {
            case UInt8(ascii: "A")...UInt8(ascii: "Z"), UInt8(ascii: "a")...UInt8(ascii: "z"), UInt8(ascii: "0")...UInt8(ascii: "9"),
                 UInt8(ascii: "-"), UInt8(ascii: "_"), UInt8(ascii: "."), UInt8(ascii: "~"):
                out.unicodeScalars.append(Unicode.Scalar(byte))
            default:
                out += String(format: "%%%02X", byte)
            }
        }
        return out
    }

    static func hex<D: Sequence>(_ digest: D) -> String where D.Element == UInt8 {
        digest.map { String(format: "%02x", $0) }.joined()
    }
}
