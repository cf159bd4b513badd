import Foundation
import TestSupport
#if canImport(Glibc)
import Glibc
#endif

/// A raw TCP server on loopback that hangs up on the first `drops` connections as soon
/// as the request arrives, then answers each later one with `answer` (a whole HTTP
/// response), its body a byte every `drip` seconds when given. What no well-behaved
/// HTTP framework will do on purpose.
final class DroppingServer: @unchecked Sendable {
    var port: Int { socket.port }
    private let socket: LoopbackListener
    private let thread: Thread

    init(drops: Int, answer: String, drip: Double? = nil) throws {
        socket = try LoopbackListener()
        let listener = socket.descriptor
        thread = Thread {
            var served = 0
            while true {
                let connection = accept(listener, nil, nil)
                if connection < 0 { return }  // closed
                Self.readRequest(connection)
                if served >= drops, let drip, let headEnd = answer.range(of: "\r\n\r\n") {
                    let head = Array(answer[..<headEnd.upperBound].utf8), body = Array(answer[headEnd.upperBound...].utf8)
                    _ = send(connection, head, head.count, Int32(MSG_NOSIGNAL))
                    for byte in body {
                        guard send(connection, [byte], 1, Int32(MSG_NOSIGNAL)) == 1 else { break }  // the client gave up
                        usleep(UInt32(drip * 1_000_000))
                    }
                } else if served >= drops {
                    _ = answer.withCString { send(connection, $0, strlen($0), Int32(MSG_NOSIGNAL)) }
                }
                served += 1
                close(connection)
            }
        }
        thread.start()
    }

    /// Reads the head and as many body bytes as Content-Length says.
    private static func readRequest(_ connection: Int32) {
        var received = [UInt8]()
        var buffer = [UInt8](repeating: 0, count: 65536)
        while true {
            let count = recv(connection, &buffer, buffer.count, 0)
            if count <= 0 { return }
            received += buffer[0..<count]
            let text = String(decoding: received, as: UTF8.self)
            guard let headEnd = text.range(of: "\r\n\r\n") else { continue }
            let head = text[..<headEnd.lowerBound].lowercased()
            let length = head.split(separator: "\r\n").first { $0.hasPrefix("content-length:") }
                .flatMap { Int($0.dropFirst("content-length:".count).trimmingCharacters(in: .whitespaces)) } ?? 0
            if received.count - text[..<headEnd.upperBound].utf8.count >= length { return }
        }
    }

    func stop() { socket.stop() }
}
