import HandwritingAPI

/// When and how long to wait before trying a call again, per the vendor's guidance
/// (API.md): throttling (429), request timeout (408) and gateway trouble (502, 503,
/// 504) are retried after 2 to 5 s with jitter; no other client error is, and an
/// authentication failure never is (five failed AK/SK attempts lock the key).
public struct RetryPolicy: Sendable {
    /// Calls in all, the first included.
    public var attempts: Int
    public var shortestDelay: Double
    public var longestDelay: Double

    public init(attempts: Int = 3, shortestDelay: Double = 2, longestDelay: Double = 5) {
        self.attempts = attempts
        self.shortestDelay = shortestDelay
        self.longestDelay = longestDelay
    }

    public func shouldRetry(_ error: ServiceError, afterAttempt attempt: Int) -> Bool {
        guard attempt < attempts else { return false }
        if Guidance.isAuthenticationFailure(error) { return false }
        return error.isTransient
    }

    /// Seconds to wait; `random` in 0..<1 spreads clients apart.
    public func delay(random: Double) -> Double {
        shortestDelay + (longestDelay - shortestDelay) * min(max(random, 0), 1)
    }
}
