import Foundation

/// Where a store is, as `--store` and `QUIRE_STORE` name it: a path to an SQLite
/// file (the default, for one person), or a `postgres://` URL (a team's shared store).
/// Anything else that looks like a URL is refused, so that a mistyped scheme never
/// becomes a folder named `mysql:` with a store in it.
public enum StoreLocation: Equatable, Sendable, CustomStringConvertible {
    case file(String)
    case postgres(PostgresAddress)

    public init(_ text: String) throws(StoreError) {
        guard let schemeEnd = text.range(of: "://") else {
            self = .file(text)
            return
        }
        let scheme = text[..<schemeEnd.lowerBound].lowercased()
        guard scheme == "postgres" || scheme == "postgresql" else {
            throw StoreError(description: "\(scheme):// is not a store: give a file path or a postgres:// URL")
        }
        self = .postgres(try PostgresAddress(text))
    }

    /// The folder for what this machine keeps of a workspace beside its store (remembered
    /// settings, the workbench's log): a store file's own folder; for a shared store, the
    /// workspace folder's `.quire`, where its own store would be.
    public func localFolder(workspace: URL) -> URL {
        switch self {
        case .file(let path): URL(fileURLWithPath: path).deletingLastPathComponent()
        case .postgres: workspace.appendingPathComponent(".quire")
        }
    }

    /// Safe to show: a password never appears.
    public var description: String {
        switch self {
        case .file(let path): path
        case .postgres(let address): address.description
        }
    }
}

/// `postgres://user[:password]@host[:port]/database[?sslmode=require]`.
public struct PostgresAddress: Equatable, Sendable, CustomStringConvertible {
    public var user: String
    public var password: String?
    public var host: String
    public var port: Int
    public var database: String
    /// `disable`, `prefer` or `require` (libpq's names); `prefer` unless given.
    public var sslMode: String

    public init(_ text: String) throws(StoreError) {
        // Said without the password, whatever is wrong with the rest.
        func refuse(_ why: String) -> StoreError { StoreError(description: "\(Self.redacted(text)): \(why)") }
        guard let components = URLComponents(string: text) else { throw refuse("not a URL") }
        guard let host = components.host, !host.isEmpty else { throw refuse("no host") }
        guard let user = components.user, !user.isEmpty else { throw refuse("no user (postgres://USER@HOST/DATABASE)") }
        let database = String(components.path.drop { $0 == "/" })
        guard !database.isEmpty, !database.contains("/") else { throw refuse("no database (postgres://USER@HOST/DATABASE)") }
        if let port = components.port, !(1...65535).contains(port) { throw refuse("the port must be 1 to 65535") }
        var sslMode = "prefer"
        for item in components.queryItems ?? [] {
            guard item.name == "sslmode" else { throw refuse("\(item.name) is not an option here (only sslmode)") }
            guard let value = item.value, ["disable", "prefer", "require"].contains(value) else {
                throw refuse("sslmode must be disable, prefer or require")
            }
            sslMode = value
        }
        self.user = components.user?.removingPercentEncoding ?? user
        password = components.password?.removingPercentEncoding
        self.host = host
        port = components.port ?? 5432
        self.database = database.removingPercentEncoding ?? database
        self.sslMode = sslMode
    }

    /// The URL with `***` for the password.
    public var description: String {
        "postgres://\(user)\(password == nil ? "" : ":***")@\(host):\(port)/\(database)" + (sslMode == "prefer" ? "" : "?sslmode=\(sslMode)")
    }

    /// Text that may be a URL with a password in it, with the password hidden.
    static func redacted(_ text: String) -> String {
        guard let scheme = text.range(of: "://"), let at = text[scheme.upperBound...].lastIndex(of: "@"),
              let colon = text[scheme.upperBound..<at].firstIndex(of: ":") else { return text }
        return String(text[..<text.index(after: colon)]) + "***" + String(text[at...])
    }
}

extension StoreLocation {
    /// Opens the store here, an SQLite file or a PostgreSQL database, making it first
    /// unless `access` is `.readOnly`.
    public func open(access: StoreAccess = .readWrite) throws(StoreError) -> any TranscriptStore {
        switch self {
        case .file(let path): try SQLiteStore(path: path, access: access)
        case .postgres(let address): try PostgresStore(address: address, access: access)
        }
    }
}
