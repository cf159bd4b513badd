import Foundation
import Logging
import NIOCore
import NIOPosix
import NIOSSL
import PostgresNIO

/// One connection to the server, used by one call at a time, made again when the last
/// was lost. Callers block on postgres-nio's futures, which NIO's own threads fulfil; no
/// caller is one of those threads (`serve` does not record).
final class PostgresSession: @unchecked Sendable {
    let address: PostgresAddress
    /// Guards `connection`, and is held for a whole call: calls take turns on the connection.
    private let lock = NSLock()
    private var connection: PostgresConnection?
    /// postgres-nio logs nothing of ours: a statement's values could be a person's text.
    private static let logger = Logger(label: "quire.postgres") { _ in SwiftLogNoOpLogHandler() }

    init(address: PostgresAddress) {
        self.address = address
    }

    deinit { _ = try? connection?.close().wait() }

    /// Runs `body` in one transaction, committed before this returns, or rolled back
    /// whole when anything in it fails. A read-only one sees one moment of the store. The
    /// server's and the network's errors are said plainly (`StoreError`); the body's own
    /// (an `EditConflict`) pass as they are.
    func transaction<T>(readOnly: Bool = false, _ body: (PostgresStatements) throws -> T) throws -> T {
        lock.lock()
        defer { lock.unlock() }
        do {
            let statements = try begin(readOnly: readOnly)
            do {
                let result = try body(statements)
                try statements.execute("COMMIT")
                return result
            } catch {
                _ = try? statements.execute("ROLLBACK")
                throw error
            }
        } catch {
            if connection?.isClosed ?? false { connection = nil }  // the next call connects again
            if error is EditConflict { throw error }
            throw PostgresErrors.plainly(error, address: address)
        }
    }

    /// A transaction begun on a live connection. A connection the server closed since the
    /// last call (a restart, an idle timeout) is noticed here, before anything of this call
    /// was sent, and made again, once.
    private func begin(readOnly: Bool) throws -> PostgresStatements {
        let begin: PostgresQuery = readOnly ? "BEGIN ISOLATION LEVEL REPEATABLE READ READ ONLY" : "BEGIN"
        do {
            let statements = PostgresStatements(connection: try liveConnection(), logger: Self.logger)
            try statements.execute(begin)
            return statements
        } catch where connection != nil && PostgresErrors.isLostConnection(error) {
            _ = try? connection?.close().wait()
            connection = nil
            let statements = PostgresStatements(connection: try liveConnection(), logger: Self.logger)
            try statements.execute(begin)
            return statements
        }
    }

    private func liveConnection() throws -> PostgresConnection {
        if let connection, !connection.isClosed { return connection }
        let made = try newConnection(logger: Self.logger)
        connection = made
        return made
    }

    /// A connection of the caller's own (a watch listens on one).
    func newConnection(logger: Logger) throws -> PostgresConnection {
        var configuration = PostgresConnection.Configuration(
            host: address.host, port: address.port, username: address.user, password: address.password, database: address.database,
            tls: try tls())
        configuration.options.connectTimeout = .seconds(10)
        return try PostgresConnection.connect(on: MultiThreadedEventLoopGroup.singleton.next(), configuration: configuration,
                                              id: 1, logger: logger).wait()
    }

    /// libpq's `sslmode`: `disable`, `prefer` (TLS where the server offers it) or `require`.
    /// As with libpq, `require` encrypts but does not check the server's certificate.
    private func tls() throws -> PostgresConnection.Configuration.TLS {
        guard address.sslMode != "disable" else { return .disable }
        var configuration = TLSConfiguration.makeClientConfiguration()
        configuration.certificateVerification = .none
        let context = try NIOSSLContext(configuration: configuration)
        return address.sslMode == "require" ? .require(context) : .prefer(context)
    }
}

/// Statements on the connection of one transaction.
struct PostgresStatements {
    let connection: PostgresConnection
    let logger: Logger

    func rows(_ query: PostgresQuery) throws -> [PostgresRow] {
        Array(try connection.query(query, logger: logger).wait())
    }

    func execute(_ query: PostgresQuery) throws {
        _ = try connection.query(query, logger: logger).wait()
    }

    /// The first column of the first row, if there is one.
    func value<T: PostgresDecodable>(_ query: PostgresQuery, as type: T.Type = T.self) throws -> T? {
        try rows(query).first.map { try $0.decode(T.self) }
    }
}
