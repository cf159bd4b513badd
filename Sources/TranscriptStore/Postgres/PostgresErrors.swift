import Foundation
import NIOCore
import NIOPosix
import PostgresNIO

/// The server's or the network's refusals, said plainly and without the password.
/// postgres-nio's own descriptions hide what went wrong on purpose; its fields say it.
enum PostgresErrors {
    /// The connection is gone (the server restarted or cut it): a new one may do.
    static func isLostConnection(_ error: any Error) -> Bool {
        guard let error = error as? PSQLError else { return error is ChannelError || error is IOError }
        switch error.code {
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection: return true
        case .server: return ["57P01", "57P02", "57P03", "08006", "08003"].contains(error.serverInfo?[.sqlState] ?? "")
        default: return false
        }
    }

    /// A network failure in a few words: "Connection refused", not NIO's whole structure.
    private static func reason(_ error: any Error) -> String {
        if let error = error as? IOError { return String(cString: strerror(error.errnoCode)) }
        if let error = error as? NIOConnectionError {
            if error.dnsAError != nil || error.dnsAAAAError != nil, error.connectionErrors.isEmpty { return "no such host" }
            if let last = error.connectionErrors.last { return reason(last.error) }
        }
        if let error = error as? ChannelError, case .connectTimeout = error { return "no answer in time" }
        return "\(error)"
    }

    static func plainly(_ error: any Error, address: PostgresAddress) -> StoreError {
        if let error = error as? StoreError { return error }
        let server = "the PostgreSQL server at \(address.host):\(address.port)"
        func unreachable(_ why: any Error) -> StoreError {
            StoreError(description: "\(address): cannot reach \(server) (\(reason(why))): is it running, and is the address right?")
        }
        guard let error = error as? PSQLError else {
            if error is NIOConnectionError || error is IOError || error is ChannelError { return unreachable(error) }
            return StoreError(description: "\(address): \(error); nothing was changed")
        }
        switch error.code {
        case .server:
            let state = error.serverInfo?[.sqlState] ?? ""
            let message = error.serverInfo?[.message] ?? "refused"
            switch state {
            case "28P01", "28000":
                return StoreError(description: "\(server) refused the user \(address.user): wrong password, or no such user (\(message))")
            case "3D000":
                return StoreError(description: "\(server) has no database \(address.database)")
            case "42501":
                return StoreError(description: "\(address): \(message): the user \(address.user) may not do this; nothing was changed")
            case "53100":
                return StoreError(description: "the disk of \(server) is full: nothing was changed")
            case "57P01", "57P02", "57P03":
                return StoreError(description: "\(server) is shutting down or starting (\(message)): nothing was changed; try again")
            case "23503":
                return StoreError(description: "\(address): no such block or document (\(message)); nothing was changed")
            default:
                return StoreError(description: "\(address) refused: \(message) (\(state)); nothing was changed")
            }
        case .connectionError:
            return error.underlying.map(unreachable) ?? StoreError(description: "\(address): cannot reach \(server)")
        case .serverClosedConnection, .uncleanShutdown, .clientClosedConnection:
            return StoreError(description: "the connection to \(server) was lost: nothing of this change was kept; try again")
        case .sslUnsupported:
            return StoreError(description: "\(server) does not offer TLS, which sslmode=require asks for")
        case .authMechanismRequiresPassword, .saslError, .unsupportedAuthMechanism:
            return StoreError(description: "\(server) wants a password for \(address.user): postgres://USER:PASSWORD@HOST/DATABASE")
        default:
            return StoreError(description: "\(address): \(error.code); nothing was changed")
        }
    }
}
