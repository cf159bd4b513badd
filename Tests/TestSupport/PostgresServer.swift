import Foundation
import Synchronization

/// A real PostgreSQL server of a test's own: `initdb` into a temporary folder (as the
/// `postgres` user when the tests run as root, since initdb refuses root), listening
/// on a free loopback port with password authentication, stopped and removed at the
/// end. Debian's `postgresql` package (installed by `scripts/setup`) provides it.
public final class PostgresServer {
    public let port: Int
    /// The role and database made for the test, and its password.
    public let user = "quire", database = "quire", password = "quire-test-password"
    private let folder: URL
    private var stopCommand: [String] = []
    private var restartCommand: [String] = []

    /// `postgres://quire:PASSWORD@127.0.0.1:PORT/quire`.
    public var url: String { "postgres://\(user):\(password)@127.0.0.1:\(port)/\(database)" }

    public init() throws {
        let binaries = try Self.binaries()
        folder = try Fixtures.temporaryFolder()
        let asPostgres = getuid() == 0 ? ["runuser", "-u", "postgres", "--"] : []
        let data = folder.appendingPathComponent("data").path
        do {
            if getuid() == 0 {
                guard let account = getpwnam("postgres") else { throw Fixtures.Missing(description: "no postgres user: run scripts/setup") }
                chown(folder.path, account.pointee.pw_uid, account.pointee.pw_gid)
            }
            let superPassword = folder.appendingPathComponent("superuser-password")
            try Data("\(password)\n".utf8).write(to: superPassword)
            if getuid() == 0, let account = getpwnam("postgres") { chown(superPassword.path, account.pointee.pw_uid, account.pointee.pw_gid) }
            try Spawn.run(asPostgres + [binaries + "/initdb", "-D", data, "-U", "postgres", "--auth=scram-sha-256", "--pwfile", superPassword.path,
                                        "--encoding=UTF8", "--locale=C.UTF-8"], timeout: 120)
            port = try Self.freePort()
            // pg_ctl waits until the server accepts connections.
            let control = asPostgres + [binaries + "/pg_ctl", "-D", data, "-l", folder.appendingPathComponent("log").path, "-w", "-t", "60",
                                        "-o", "-p \(port) -k \(folder.path) -c listen_addresses=127.0.0.1 -c fsync=off"]
            try Spawn.run(control + ["start"], timeout: 90)
            restartCommand = control + ["-m", "fast", "restart"]
        } catch {
            try? FileManager.default.removeItem(at: folder)
            throw error
        }
        stopCommand = asPostgres + [binaries + "/pg_ctl", "-D", data, "-m", "fast", "-w", "stop"]
        do {
            try psql(binaries, "CREATE ROLE \(user) LOGIN PASSWORD '\(password)'")
            try psql(binaries, "CREATE DATABASE \(database) OWNER \(user)")  // not in a transaction: a statement of its own
        } catch {
            stop()
            throw error
        }
    }

    deinit { stop() }

    /// One server for the whole test process, started when first asked for and stopped
    /// when the process exits: the stores' tests each take a database of their own on it.
    public static func shared() throws -> PostgresServer {
        try sharedServer.withLock { server in
            if let server { return try server.get() }
            let started = Result { try PostgresServer() }
            server = started
            atexit { PostgresServer.sharedServer.withLock { try? $0?.get().stop() } }
            return try started.get()
        }
    }

    private static let sharedServer = Mutex<Result<PostgresServer, any Error>?>(nil)
    private let databases = Mutex(0)

    /// A new empty database owned by the test's role; its URL.
    public func newDatabase() throws -> String {
        let name = "store\(databases.withLock { $0 += 1; return $0 })"
        try psql(try Self.binaries(), "CREATE DATABASE \(name) OWNER \(user)")
        return "postgres://\(user):\(password)@127.0.0.1:\(port)/\(name)"
    }

    /// Stops the server as an administrator would (every connection is cut) and starts it
    /// again on the same port.
    public func restart() throws {
        try Spawn.run(restartCommand, timeout: 120)
    }

    /// PostgreSQL's fast shutdown, then the folder goes.
    private func stop() {
        _ = try? Spawn.run(stopCommand, timeout: 30)
        try? FileManager.default.removeItem(at: folder)
    }

    /// Runs SQL as the superuser in a database (the test's, unless named); what psql
    /// printed (unaligned, tuples only).
    @discardableResult
    public func psql(_ sql: String, in database: String? = nil) throws -> String {
        try psql(try Self.binaries(), sql, database: database ?? self.database)
    }

    @discardableResult
    private func psql(_ binaries: String, _ sql: String, database: String = "postgres") throws -> String {
        var environment = ProcessInfo.processInfo.environment
        environment["PGPASSWORD"] = password
        return try Spawn.run([binaries + "/psql", "-h", "127.0.0.1", "-p", String(port), "-U", "postgres", "-d", database,
                              "-v", "ON_ERROR_STOP=1", "-At", "-c", sql], environment: environment, timeout: 60)
            .trimmingCharacters(in: .newlines)
    }

    /// The newest installed PostgreSQL's programs (Debian keeps them off PATH).
    private static func binaries() throws -> String {
        let root = "/usr/lib/postgresql"
        let versions = ((try? FileManager.default.contentsOfDirectory(atPath: root)) ?? []).compactMap(Int.init).sorted()
        guard let newest = versions.last, FileManager.default.fileExists(atPath: "\(root)/\(newest)/bin/initdb") else {
            throw Fixtures.Missing(description: "PostgreSQL is not installed: run scripts/setup")
        }
        return "\(root)/\(newest)/bin"
    }

    private static func freePort() throws -> Int { try LoopbackListener().port }
}
