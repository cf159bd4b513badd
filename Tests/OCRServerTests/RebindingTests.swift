import Foundation
import HandwritingAPI
import Hummingbird
@testable import ImageFetching
import NIOCore
import Synchronization
import TestSupport
import XCTest

/// Issue 14: DNS rebinding. A name that resolved to a public address when checked and to
/// 127.0.0.1 when fetched got through, as the fetch looked the name up again.
final class RebindingTests: XCTestCase {
    /// The check's resolver says `localhost` is a public address, as a rebinding name
    /// answers the first lookup; the system's says 127.0.0.1, as it answers the second,
    /// where a server waits. The fetch must go to the address checked, never to it.
    func testTheFetchGoesToTheAddressThatWasChecked() async throws {
        let asked = Mutex(0)
        let line = try Fixtures.sample("en_line_1.png")
        let local = try await LiveServer.scripted { _ in
            asked.withLock { $0 += 1 }
            return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: line)))
        }
        let rebinding = ImageFetcher(allowPrivate: false, timeout: .seconds(2), resolve: { _ in ["93.184.216.34"] })
        do {
            let data = try await rebinding.fetch(URL(string: "http://localhost:\(local.port)/line.png")!)
            XCTFail("fetched \(data.count) bytes from the internal server behind a rebinding name")
        } catch {
            XCTAssertEqual(error.code, ServiceError.urlFetchFailed.code, "\(error)")
        }
        // The same server through a resolver that tells the truth: refused before any connection.
        let honest = ImageFetcher(allowPrivate: false, timeout: .seconds(2))
        do {
            _ = try await honest.fetch(URL(string: "http://localhost:\(local.port)/line.png")!)
            XCTFail("an internal address was fetched")
        } catch {
            XCTAssertEqual(error.code, ServiceError.urlNotAllowed.code, "\(error)")
        }
        await local.stop()
        XCTAssertEqual(asked.withLock { $0 }, 0, "the internal server was never reached")
    }
}
