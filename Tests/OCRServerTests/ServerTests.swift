import CloudOCR
import Foundation
import HandwritingAPI
import Hummingbird
import ImageFetching
import NIOCore
import OCRServer
import TestSupport
import XCTest

/// `quire serve` on a real socket, called with raw HTTP: what any client sees.
final class ServerTests: XCTestCase {
    private func body(_ json: String) -> ByteBuffer { ByteBuffer(string: json) }

    private func imageBody(_ data: Data, extra: String = "") -> ByteBuffer {
        body(#"{"image": "\#(data.base64EncodedString())"\#(extra)}"#)
    }

    func testAnswersAsTheServiceDoes() async throws {
        let server = try await LiveServer.quire()
        let answer = try await post(server.base.appendingPathComponent("v2/p1/ocr/handwriting"),
                                    body: imageBody(try Fixtures.sample("zh_line_1.png"), extra: #", "quick_mode": true"#))
        await server.stop()
        XCTAssertEqual(answer.status, 200, answer.body)
        XCTAssertEqual(answer.headers.first("Content-Type"), "application/json;charset=UTF-8")
        XCTAssertEqual(answer.headers.first("X-Request-Id")?.count, 32)
        guard case .success(let result) = try JSONDecoder().decode(HandwritingResponse.self, from: Data(answer.body.utf8)) else {
            return XCTFail(answer.body)
        }
        XCTAssertEqual(result.blocks.first?.words, try Fixtures.sampleText("zh_line_1.png").trimmingCharacters(in: .newlines))
    }

    /// The bad-input corpus over the wire: exact code, message and status, a request id each.
    func testBadInputGetsTheServicesErrors() async throws {
        let server = try await LiveServer.quire()
        let endpoint = server.base.appendingPathComponent("v2/p1/ocr/handwriting")
        let png = TestImages.file(.png, width: 64, height: 32)
        let cases: [(ByteBuffer, ServiceError)] = [
            (imageBody(Data()), .invalidParameter),
            (imageBody(png.prefix(40)), .unsupportedFormat),
            (imageBody(TestImages.file(.jpeg, width: 64, height: 32).dropLast(3)), .unsupportedFormat),
            (imageBody(Data("GIF89a\u{10}\0\u{10}\0".utf8) + Data(count: 40)), .unsupportedFormat),
            (imageBody(Data("text saved as scan.jpg".utf8)), .unsupportedFormat),
            (imageBody(TestImages.file(.png, width: 4, height: 4)), .badImageSize),
            (imageBody(TestImages.file(.png, width: 9000, height: 20)), .badImageSize),
            (body(#"{"image": "not*base64"}"#), .unsupportedFormat),
            (body(#"{"image": "data:image/png;base64,\#(png.base64EncodedString())"}"#), .unsupportedFormat),
            (body(#"{"image": "\#(png.base64EncodedString())", "url": "https://example.com/a.png"}"#), .invalidParameter),
            (body(#"{}"#), .invalidParameter),
            (imageBody(png, extra: #", "char_set": "chinese""#), .invalidParameter),
            (body(#"{"url": "ftp://example.com/a.png"}"#), .urlNotAllowed),
            (body(#"{"image": "#), .malformedJSON),
            (body(#"{"url": 42}"#), .invalidParameter),
        ]
        for (index, (payload, expected)) in cases.enumerated() {
            let answer = try await post(endpoint, body: payload)
            XCTAssertEqual(answer.status, expected.httpStatus, "case \(index)")
            XCTAssertEqual(answer.body, ContractJSON.text(.failure(expected)), "case \(index)")
            XCTAssertNotNil(answer.headers.first("X-Request-Id"), "case \(index)")
        }
        await server.stop()
    }

    /// Over 10 MB is ModelArts.4104; over 12 MB is 413, refused from the length alone.
    func testBodyLimits() async throws {
        let server = try await LiveServer.quire()
        let endpoint = server.base.appendingPathComponent("v2/p1/ocr/handwriting")
        let eleven = try await post(endpoint, body: ByteBuffer(repeating: UInt8(ascii: " "), count: 11 * 1024 * 1024))
        XCTAssertEqual(eleven.status, 400)
        XCTAssertEqual(eleven.body, ContractJSON.text(.failure(.invalidContentLength)))
        let thirteen = try await post(endpoint, body: ByteBuffer(repeating: UInt8(ascii: " "), count: 13 * 1024 * 1024))
        XCTAssertEqual(thirteen.status, 413)
        XCTAssertEqual(thirteen.body, ContractJSON.text(.failure(.entityTooLarge)))
        // The server is still there for the next caller.
        let after = try await post(endpoint, body: imageBody(try Fixtures.sample("en_line_1.png"), extra: #", "quick_mode": true"#))
        XCTAssertEqual(after.status, 200)
        await server.stop()
    }

    func testTokenMode() async throws {
        let server = try await LiveServer.quire(ServerConfiguration(authentication: .required(tokens: ["good-token"], keys: [:])))
        let endpoint = server.base.appendingPathComponent("v2/p1/ocr/handwriting")
        let payload = imageBody(try Fixtures.sample("en_line_1.png"), extra: #", "quick_mode": true"#)
        let missing = try await post(endpoint, body: payload)
        XCTAssertEqual([missing.status], [401])
        XCTAssertEqual(missing.body, ContractJSON.text(.failure(.missingToken)))
        let wrong = try await post(endpoint, body: payload, headers: [("X-Auth-Token", "bad-token")])
        XCTAssertEqual(wrong.body, ContractJSON.text(.failure(.invalidToken)))
        let right = try await post(endpoint, body: payload, headers: [("X-Auth-Token", "good-token")])
        XCTAssertEqual(right.status, 200, right.body)
        await server.stop()
    }

    /// A full queue answers 429 at once rather than letting requests pile up.
    func testAFullQueueAnswers429() async throws {
        let server = try await LiveServer.quire(ServerConfiguration(admitted: 1))
        let endpoint = server.base.appendingPathComponent("v2/p1/ocr/handwriting")
        let page = imageBody(try Fixtures.sample("en_page.png"))
        let statuses = try await withThrowingTaskGroup(of: (Int, String).self) { group in
            for _ in 0..<4 { group.addTask { let a = try await post(endpoint, body: page); return (a.status, a.body) } }
            var all: [(Int, String)] = []
            for try await answer in group { all.append(answer) }
            return all
        }
        await server.stop()
        XCTAssertTrue(statuses.contains { $0.0 == 200 }, "\(statuses)")
        XCTAssertTrue(statuses.contains { $0.0 == 429 && $0.1 == ContractJSON.text(.failure(.throttled)) }, "\(statuses)")
    }

    /// A recognition that takes longer than the server allows is a 504 backend timeout.
    func testSlowRecognitionTimesOut() async throws {
        let server = try await LiveServer.quire(ServerConfiguration(requestTimeout: .milliseconds(1)))
        let answer = try await post(server.base.appendingPathComponent("v2/p1/ocr/handwriting"), body: imageBody(try Fixtures.sample("en_page.png")))
        await server.stop()
        XCTAssertEqual(answer.status, 504)
        XCTAssertEqual(answer.body, #"{"error_code": "APIG.0201", "error_msg": "Backend timeout."}"#)
    }

    func testUnknownRoutesLookLikeTheGateway() async throws {
        let server = try await LiveServer.quire()
        let answer = try await post(server.base.appendingPathComponent("v2/p1/ocr/general-text"), body: body("{}"))
        await server.stop()
        XCTAssertEqual(answer.status, 404)
        XCTAssertTrue(answer.body.contains("APIG.0101"), answer.body)
        XCTAssertNotNil(answer.headers.first("X-Request-Id"))
    }

    func testOpenServersNeedAuthentication() {
        XCTAssertThrowsError(try ServerConfiguration(host: "0.0.0.0").validate())
        XCTAssertNoThrow(try ServerConfiguration(host: "127.0.0.1").validate())
        XCTAssertNoThrow(try ServerConfiguration(host: "0.0.0.0", authentication: .required(tokens: ["t"], keys: [:])).validate())
    }
}

/// `url` input: what the server may fetch and how it fails.
final class URLInputTests: XCTestCase {
    func testInternalAddressesAreClassified() {
        for address in ["127.0.0.1", "10.1.2.3", "172.16.0.1", "172.31.255.255", "192.168.1.1", "169.254.169.254", "100.64.0.1",
                        "0.0.0.0", "::1", "::", "fe80::1", "fd00::1", "::ffff:127.0.0.1", "224.0.0.1", "not-an-address"] {
            XCTAssertTrue(AddressPolicy.isInternal(address), address)
        }
        for address in ["8.8.8.8", "172.32.0.1", "93.184.216.34", "2606:4700::1111", "::ffff:8.8.8.8"] {
            XCTAssertFalse(AddressPolicy.isInternal(address), address)
        }
        XCTAssertTrue(AddressPolicy.resolve("localhost").allSatisfy(AddressPolicy.isInternal))
    }

    func testLoopbackIsRefusedUnlessAllowed() async throws {
        let files = try await LiveServer.scripted { request in
            switch request.uri.path {
            case "/line.png": return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(bytes: try Fixtures.sample("en_line_1.png"))))
            case "/moved": return Response(status: .found, headers: [.location: "ftp://example.com/a.png"])
            case "/large": return Response(status: .ok, body: ResponseBody(byteBuffer: ByteBuffer(repeating: 0, count: 8 * 1024 * 1024)))
            case "/slow":
                try await Task.sleep(for: .seconds(5))
                return Response(status: .ok)
            default: return Response(status: .notFound)
            }
        }
        let guarded = try await LiveServer.quire()
        let open = try await LiveServer.quire(ServerConfiguration(allowPrivateURLs: true, urlTimeout: .milliseconds(300)))
        func ask(_ server: LiveServer, _ path: String) async throws -> String {
            let url = files.base.appendingPathComponent(path).absoluteString
            return try await post(server.base.appendingPathComponent("v2/p/ocr/handwriting"),
                                  body: ByteBuffer(string: #"{"url": "\#(url)", "quick_mode": true}"#)).body
        }
        let refused = try await ask(guarded, "line.png")
        let fetched = try await ask(open, "line.png")
        let missing = try await ask(open, "nothing.png")
        let redirected = try await ask(open, "moved")
        let large = try await ask(open, "large")
        let fetchStarted = Date()
        let slow = try await ask(open, "slow")
        let fetchTook = Date().timeIntervalSince(fetchStarted)
        for server in [files, guarded, open] { await server.stop() }
        XCTAssertEqual(slow, ContractJSON.text(.failure(.urlFetchFailed)))
        XCTAssertLessThan(fetchTook, 3, "the fetch gave up at its time limit")
        XCTAssertGreaterThanOrEqual(fetchTook, 0.3, "and not before it")
        XCTAssertEqual(refused, ContractJSON.text(.failure(.urlNotAllowed)))
        XCTAssertTrue(fetched.contains("THE QUICK BROWN FOX"), fetched)
        XCTAssertEqual(missing, ContractJSON.text(.failure(.urlFetchFailed)))
        XCTAssertEqual(redirected, ContractJSON.text(.failure(.urlNotAllowed)), "each redirect is checked again")
        XCTAssertEqual(large, ContractJSON.text(.failure(.badImageSize)))
    }

    /// Issue 14: an address that sends its body a byte at a time held a worker for as
    /// long as it dripped (95 s seen), though the limit is for the whole fetch.
    func testAnAddressThatDripsIsCutOffAtTheDeadline() async throws {
        let body = String(repeating: "x", count: 10_000)
        let dripping = try DroppingServer(drops: 0, answer: "HTTP/1.1 200 OK\r\nContent-Type: image/png\r\nContent-Length: \(body.utf8.count)\r\n\r\n\(body)",
                                          drip: 0.05)
        defer { dripping.stop() }
        let fetcher = ImageFetcher(allowPrivate: true, timeout: .seconds(2))
        let started = Date()
        do {
            _ = try await fetcher.fetch(URL(string: "http://127.0.0.1:\(dripping.port)/page.png")!)
            XCTFail("a body of 10,000 bytes at 20 a second was taken in 2 s")
        } catch {
            XCTAssertEqual(error.code, ServiceError.urlFetchFailed.code, "\(error)")
        }
        let took = Date().timeIntervalSince(started)
        XCTAssertGreaterThanOrEqual(took, 2, "not before the deadline")
        XCTAssertLessThan(took, 10, "at the deadline, not when the drip ends (500 s)")
    }
}
