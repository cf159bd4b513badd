import EngineThreads
import Foundation
import HTTPTypes
import NIOCore
import NIOHTTPTypes
import Synchronization

/// The server's open connections, at most `limit`. A connection past the limit takes
/// the place of the one idle longest (no request in flight: closing it loses nothing,
/// as a client's keep-alive connection may be closed at any time); when every one is
/// busy, the newcomer is closed. Without it, ~20,000 idle connections used up the file
/// descriptors and valid requests timed out.
final class OpenConnections: Sendable {
    let limit: Int

    private struct State {
        /// Admitted and not yet closed nor made room for.
        var open: Set<ObjectIdentifier> = []
        /// Idle connections, with a stamp of when they became idle.
        var idle: [ObjectIdentifier: (channel: any Channel, since: UInt64)] = [:]
        var clock: UInt64 = 0
        /// The most open at once since memory was last handed back.
        var peak = 0
    }

    private let state = Mutex(State())

    init(limit: Int) { self.limit = max(1, limit) }

    /// A new connection: whether it may stay; an idle one may be closed to make room.
    func opened(_ channel: any Channel) -> Bool {
        let id = ObjectIdentifier(channel)
        let (admitted, evicted): (Bool, (any Channel)?) = state.withLock { state in
            var evicted: (any Channel)?
            if state.open.count >= limit {
                guard let oldest = state.idle.min(by: { $0.value.since < $1.value.since }) else { return (false, nil) }
                state.idle[oldest.key] = nil
                state.open.remove(oldest.key)
                evicted = oldest.value.channel
            }
            state.open.insert(id)
            state.peak = max(state.peak, state.open.count)
            state.clock += 1
            state.idle[id] = (channel, state.clock)
            return (true, evicted)
        }
        evicted?.close(promise: nil)
        return admitted
    }

    /// A connection's request began: it may not be closed for another.
    func busy(_ channel: any Channel) {
        state.withLock { _ = $0.idle.removeValue(forKey: ObjectIdentifier(channel)) }
    }

    /// A connection's answer was sent: it waits for another request.
    func idle(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        state.withLock { state in
            guard state.open.contains(id) else { return }
            state.clock += 1
            state.idle[id] = (channel, state.clock)
        }
    }

    /// A connection closed, whoever closed it.
    func closed(_ channel: any Channel) {
        let id = ObjectIdentifier(channel)
        let handBack: Bool = state.withLock { state in
            state.open.remove(id)
            state.idle[id] = nil
            // After a flood the allocator keeps what the connections used; hand it back
            // once they are gone rather than keep hundreds of MiB for the server's life.
            guard state.open.isEmpty, state.peak >= 256 else { return false }
            state.peak = 0
            return true
        }
        if handBack { ProcessMemory.handBackFreeMemory() }
    }
}

/// One connection's part in `OpenConnections`: counted in when it opens, marked busy
/// from a request's head to its answer's end, counted out when it closes.
final class ConnectionLimit: ChannelDuplexHandler, RemovableChannelHandler {
    typealias InboundIn = HTTPRequestPart
    typealias InboundOut = HTTPRequestPart
    typealias OutboundIn = HTTPResponsePart
    typealias OutboundOut = HTTPResponsePart

    private let connections: OpenConnections

    init(_ connections: OpenConnections) { self.connections = connections }

    func channelActive(context: ChannelHandlerContext) {
        guard connections.opened(context.channel) else {
            context.close(promise: nil)
            return
        }
        context.fireChannelActive()
    }

    func channelInactive(context: ChannelHandlerContext) {
        connections.closed(context.channel)
        context.fireChannelInactive()
    }

    func channelRead(context: ChannelHandlerContext, data: NIOAny) {
        if case .head = unwrapInboundIn(data) { connections.busy(context.channel) }
        context.fireChannelRead(data)
    }

    func write(context: ChannelHandlerContext, data: NIOAny, promise: EventLoopPromise<Void>?) {
        if case .end = unwrapOutboundIn(data) { connections.idle(context.channel) }
        context.write(data, promise: promise)
    }
}
