import Foundation
import Logging
import NIOCore
import NIOPosix
import PostgresNIO
import Synchronization

/// Every change to a shared store is announced on the channel `quire` in the transaction
/// that makes it, so only committed changes are heard: `TOKEN c BLOCK PAGE DOCUMENT
/// AUTHOR` for a correction (made here), `TOKEN r PAGE DOCUMENT` for a reading (made by
/// `PostgresStore.insert`, with the run). The token says which store object made it, so
/// that nobody is told of their own changes.
enum PostgresAnnouncements {
    static let channel = "quire"

    static func correction(token: String, blockID: Int64, author: String?) -> PostgresQuery {
        """
        SELECT pg_notify('quire', \(token) || ' c ' || block.id || ' ' || run.page_number || ' ' || run.document_id || ' ' || \(author ?? ""))
        FROM block JOIN run ON run.id = block.run_id WHERE block.id = \(blockID)
        """
    }

    /// The change a payload announces; nil for one's own, or one not understood.
    static func change(_ payload: String, ignoring token: String) -> StoreChange? {
        let fields = payload.split(separator: " ", maxSplits: 5, omittingEmptySubsequences: false).map(String.init)
        guard fields.count >= 4, fields[0] != token else { return nil }
        switch fields[1] {
        case "c" where fields.count >= 5:
            guard let block = Int64(fields[2]), let page = Int(fields[3]) else { return nil }
            let author = fields.count == 6 && !fields[5].isEmpty ? fields[5] : nil
            return .correction(blockID: block, documentID: fields[4], page: page, author: author)
        case "r":
            guard let page = Int(fields[2]) else { return nil }
            return .reading(documentID: fields[3], page: page)
        default:
            return nil
        }
    }
}

/// Listens on a connection of its own, on a thread of its own; when the connection is
/// lost (a server restart) it connects again, and says `.everything` once it is back.
final class PostgresWatch: StoreWatch, @unchecked Sendable {
    private let session: PostgresSession
    private let token: String
    private let changed: @Sendable (StoreChange) -> Void
    private let state = Mutex<(stopped: Bool, connection: PostgresConnection?)>((false, nil))
    /// Where `changed` is called, in order: never on NIO's thread, which a caller that asks
    /// the store something in return would block.
    private let delivery = DispatchQueue(label: "quire.postgres.watch.delivery")
    private static let logger = Logger(label: "quire.postgres.watch") { _ in SwiftLogNoOpLogHandler() }

    /// Signalled once the first connection listens, or could not: a change committed after
    /// `init` returns is heard, not lost to a thread still connecting.
    private let listening = DispatchSemaphore(value: 0)

    init(session: PostgresSession, token: String, changed: @escaping @Sendable (StoreChange) -> Void) {
        self.session = session
        self.token = token
        self.changed = changed
        let thread = Thread { [weak self] in self?.listen() }
        thread.name = "quire.postgres.watch"
        thread.start()
        // A server that does not answer does not hold the caller up for long: the watch
        // goes on trying, and says `.everything` when it is back.
        _ = listening.wait(timeout: .now() + 10)
    }

    deinit { stop() }

    func stop() {
        let connection = state.withLock { state in
            state.stopped = true
            return state.connection
        }
        _ = try? connection?.close().wait()
    }

    private func listen() {
        var lost = false
        var first = true
        // Once: after the first connection listens, or its first try failed (or none was made).
        func ready() {
            if first { listening.signal() }
            first = false
        }
        defer { ready() }
        while !state.withLock({ $0.stopped }) {
            do {
                let connection = try session.newConnection(logger: Self.logger)
                let token = token, changed = changed, delivery = delivery
                // Added on the connection's own event loop, and only while it is open: postgres-nio
                // traps when a listener is handed to a channel that closed meanwhile.
                let added = try connection.eventLoop.submit { () -> Bool in
                    guard !connection.isClosed else { return false }
                    connection.addListener(channel: PostgresAnnouncements.channel) { _, notification in
                        if let change = PostgresAnnouncements.change(notification.payload, ignoring: token) { delivery.async { changed(change) } }
                    }
                    return true
                }.wait()
                guard added else { throw CancellationError() }  // closed already: connect again
                _ = try connection.query("LISTEN quire", logger: Self.logger).wait()
                let stopped = state.withLock { state in
                    state.connection = connection
                    return state.stopped
                }
                ready()
                if stopped { break }
                if lost { delivery.async { [changed] in changed(.everything) } }
                try? connection.closeFuture.wait()
            } catch {}
            ready()
            lost = true
            if !state.withLock({ $0.stopped }) { Thread.sleep(forTimeInterval: 1) }
        }
        let connection = state.withLock { $0.connection }
        _ = try? connection?.close().wait()
    }
}
