import Foundation

/// A TCP socket listening on a free loopback port. Left alone, it takes connections into
/// its backlog and never answers them (an endpoint that hangs); a test's own server
/// accepts on `descriptor`; closed at once, it names a free port.
public final class LoopbackListener: @unchecked Sendable {
    public let port: Int
    public let descriptor: Int32

    public init() throws {
        let descriptor = socket(AF_INET, Int32(SOCK_STREAM.rawValue), 0)
        var address = sockaddr_in()
        address.sin_family = sa_family_t(AF_INET)
        address.sin_addr.s_addr = inet_addr("127.0.0.1")
        var length = socklen_t(MemoryLayout<sockaddr_in>.size)
        let ready = withUnsafeMutablePointer(to: &address) {
            $0.withMemoryRebound(to: sockaddr.self, capacity: 1) { pointer in
                bind(descriptor, pointer, length) == 0 && listen(descriptor, 16) == 0 && getsockname(descriptor, pointer, &length) == 0
            }
        }
        guard ready else {
            close(descriptor)
            throw Fixtures.Missing(description: "no loopback port to listen on")
        }
        self.descriptor = descriptor
        port = Int(UInt16(bigEndian: address.sin_port))
    }

    /// Stops listening; a thread blocked in `accept` returns.
    public func stop() {
        shutdown(descriptor, Int32(SHUT_RDWR))
    }

    deinit {
        stop()
        close(descriptor)
    }
}
