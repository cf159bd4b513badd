import Foundation
import HandwritingAPI

/// How `quire serve` listens, whom it lets in, and how much it takes on.
public struct ServerConfiguration: Sendable {
    public enum Authentication: Sendable {
        /// Anyone: only allowed on a loopback address.
        case none
        /// `X-Auth-Token` must be one of these and/or an AK/SK signature by one of these keys.
        case required(tokens: Set<String>, keys: [String: String])
    }

    public var host: String
    public var port: Int
    public var authentication: Authentication
    public var limits: ImageLimits
    /// Bodies over this are ModelArts.4104, as the service answers.
    public var maximumBody: Int
    /// Bodies over this are refused (413 APIG.0201) as soon as that is known.
    public var refusedBody: Int
    /// Requests admitted at once, recognising or waiting; past that, 429 APIG.0308.
    public var admitted: Int
    /// Longest a recognition may take; then 504.
    public var requestTimeout: Duration
    /// Let `url` input reach loopback, private and link-local addresses.
    public var allowPrivateURLs: Bool
    /// Longest a `url` input's fetch may take; then ModelArts.4603.
    public var urlTimeout: Duration
    /// A connection that sends nothing for this long (no request, or between requests)
    /// is closed, so that idle ones cannot use up the server's file descriptors.
    public var idleTimeout: Duration = .seconds(30)
    /// How long a request refused for a full queue waits for its 429: clients that ask
    /// again at once are slowed to a request a second each. Well-behaved clients wait
    /// longer than this before they retry (Quire's: 2 to 5 s).
    public var refusalPause: Duration = .seconds(1)
    /// Connections open at once; past it a newcomer takes the place of the one idle
    /// longest. Half the process's file descriptors (at most 4,096), so that the rest
    /// stay free for the engines, the store and the URL fetches.
    public var maximumConnections: Int = ServerConfiguration.connectionsTheFileLimitAllows()

    /// Raises the process's soft limit on open files to its hard limit (a server's
    /// usual first step: the soft 1,024 of many systems is a few hundred connections).
    public static func raiseFileLimit() {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur < limit.rlim_max else { return }
        limit.rlim_cur = limit.rlim_max
        _ = setrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit)
    }

    static func connectionsTheFileLimitAllows() -> Int {
        var limit = rlimit()
        guard getrlimit(Int32(RLIMIT_NOFILE.rawValue), &limit) == 0, limit.rlim_cur != rlim_t.max else { return 4096 }
        return max(16, min(4096, Int(limit.rlim_cur) / 2))
    }

    public init(host: String = "127.0.0.1", port: Int = 8080, authentication: Authentication = .none,
                limits: ImageLimits = .service, maximumBody: Int = 10 * 1024 * 1024, refusedBody: Int = 12 * 1024 * 1024,
                admitted: Int = 16, requestTimeout: Duration = .seconds(60), allowPrivateURLs: Bool = false,
                urlTimeout: Duration = .seconds(15)) {
        self.host = host
        self.port = port
        self.authentication = authentication
        self.limits = limits
        self.maximumBody = maximumBody
        self.refusedBody = refusedBody
        self.admitted = admitted
        self.requestTimeout = requestTimeout
        self.allowPrivateURLs = allowPrivateURLs
        self.urlTimeout = urlTimeout
    }

    public struct Invalid: Error, CustomStringConvertible {
        public let description: String
    }

    /// With no authentication the server answers anyone who can reach it, so it only
    /// listens on loopback then. A port must be one.
    public func validate() throws(Invalid) {
        guard (0...65535).contains(port) else { throw Invalid(description: "--port must be 0 to 65535, not \(port)") }
        if case .none = authentication, !Self.isLoopback(host) {
            throw Invalid(description: "without --tokens or --keys, quire serve listens on loopback only (127.0.0.1, ::1, localhost), not \(host)")
        }
    }

    /// A loopback address as written (127.x.x.x, ::1) or `localhost`; a name that only
    /// starts like one (127.0.0.1.example.com) resolves elsewhere and is not.
    static func isLoopback(_ host: String) -> Bool {
        if host == "localhost" { return true }
        var v4 = in_addr(), v6 = in6_addr()
        if inet_pton(AF_INET, host, &v4) == 1 { return UInt32(bigEndian: v4.s_addr) >> 24 == 127 }
        if inet_pton(AF_INET6, host, &v6) == 1 { return withUnsafeBytes(of: v6) { Array($0) } == Array(repeating: 0, count: 15) + [1] }
        return false
    }

    /// One token per line; blank lines and `#` comments are skipped.
    public static func readTokens(_ path: String) throws(Invalid) -> Set<String> {
        Set(try lines(of: path).map { $0.trimmingCharacters(in: .whitespaces) })
    }

    /// One `ACCESS_KEY SECRET_KEY` pair per line.
    public static func readKeys(_ path: String) throws(Invalid) -> [String: String] {
        var keys: [String: String] = [:]
        for (number, line) in try lines(of: path).enumerated() {
            let parts = line.split(whereSeparator: \.isWhitespace)
            guard parts.count == 2 else {
                throw Invalid(description: "\(path): line \(number + 1) is not ACCESS_KEY SECRET_KEY")
            }
            keys[String(parts[0])] = String(parts[1])
        }
        return keys
    }

    private static func lines(of path: String) throws(Invalid) -> [String] {
        guard let text = try? String(contentsOfFile: path, encoding: .utf8) else {
            throw Invalid(description: "\(path) cannot be read")
        }
        return text.split(separator: "\n").map(String.init)
            .filter { !$0.trimmingCharacters(in: .whitespaces).isEmpty && !$0.hasPrefix("#") }
    }
}
