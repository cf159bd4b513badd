import AsyncHTTPClient
import CloudOCR
import Foundation
import HTTPTypes
import HandwritingAPI
import Hummingbird
import NIOCore
import OCRServer
import QuireText
import TestSupport
import XCTest

/// The cloud client against real servers on loopback: `quire serve` itself, and
/// scripted upstreams for the answers a healthy server does not give.
final class ClientTests: XCTestCase {
    /// Retries after 50 to 100 ms, so that the tests do not wait the real 2 to 5 s.
    let quickRetries = RetryPolicy(attempts: 3, shortestDelay: 0.05, longestDelay: 0.1)

    private func client(_ endpoint: URL, environment: [String: String] = [:], retry: RetryPolicy? = nil,
                        concurrent: Int = 8, perSecond: Double? = nil, readTimeout: Duration = .seconds(30),
                        iam: URL? = nil) throws -> CloudRecognizer {
        try CloudRecognizer(.init(settings: settings(endpoint: endpoint, environment: environment), retry: retry ?? quickRetries,
                                  concurrentRequests: concurrent, requestsPerSecond: perSecond, readTimeout: readTimeout, iamEndpoint: iam))
    }

    private func line() throws -> RecognitionInput {
        RecognitionInput(source: .bytes(try Fixtures.sample("en_line_1.png")), options: .init(quickMode: true))
    }

    private func expectError(_ code: String, file: StaticString = #filePath, line: UInt = #line,
                             _ body: () async throws -> Void) async -> ServiceError? {
        do {
            try await body()
            XCTFail("no error, expected \(code)", file: file, line: line)
        } catch let error as ServiceError {
            XCTAssertEqual(error.code, code, "\(error)", file: file, line: line)
            return error
        } catch {
            XCTFail("\(error)", file: file, line: line)
        }
        return nil
    }

    func testReadsThroughQuireServeAsInProcess() async throws {
        let server = try await LiveServer.quire()
        let remote = try client(server.base)
        let local = try SharedEngines.tesseract.get()
        for name in ["en_line_1.png", "zh_line_1.png"] {
            let input = RecognitionInput(source: .bytes(try Fixtures.sample(name)), options: .init(quickMode: true))
            let overHTTP = try await remote.recognize(input)
            let inProcess = try await local.recognize(input)
            XCTAssertEqual(overHTTP, inProcess, name)
        }
        let page = try await remote.recognize(RecognitionInput(source: .bytes(try Fixtures.sample("en_page_rotated.png")), options: .init(detectDirection: true)))
        XCTAssertLessThanOrEqual(ErrorRate.characterErrorRate(recognised: page.blocks.map(\.words).joined(separator: "\n"),
                                                              reference: try Fixtures.sampleText("en_page_rotated.png")), 0.06)
        await server.stop()
    }

    func testAKSKSignaturesAreVerified() async throws {
        let server = try await LiveServer.quire(ServerConfiguration(authentication: .required(tokens: [], keys: ["AKTEST": "SKTEST"])))
        let signed = try client(server.base, environment: ["HUAWEICLOUD_SDK_AK": "AKTEST", "HUAWEICLOUD_SDK_SK": "SKTEST", "HUAWEICLOUD_SDK_PROJECT_ID": "p1"])
        let result = try await signed.recognize(try line())
        XCTAssertEqual(result.blocks.count, 1)
        let wrong = try client(server.base, environment: ["HUAWEICLOUD_SDK_AK": "AKTEST", "HUAWEICLOUD_SDK_SK": "not-it"],
                               retry: RetryPolicy(attempts: 3, shortestDelay: 5, longestDelay: 5))
        let started = Date()
        let error = await expectError("APIG.0301") { _ = try await wrong.recognize(try self.line()) }
        XCTAssertLessThan(Date().timeIntervalSince(started), 4, "an authentication failure is never retried")
        XCTAssertTrue(error?.detail?.contains("clock skew") ?? false, "the failure says what to check")
        XCTAssertEqual(error?.requestID?.count, 32)
        let anonymous = try client(server.base)
        _ = await expectError("APIG.0301") { _ = try await anonymous.recognize(try self.line()) }
        await server.stop()
    }

    func testSendsProjectSecurityTokenAndSignature() async throws {
        let log = CallLog()
        let upstream = try await LiveServer.scripted { request in
            _ = await log.begin(request.headers)
            await log.end()
            return contractResponse(.success(HandwritingResult(blocks: [])))
        }
        let temporary = try client(upstream.base, environment: ["HUAWEICLOUD_SDK_AK": "AK", "HUAWEICLOUD_SDK_SK": "SK",
                                                                 "HUAWEICLOUD_SDK_PROJECT_ID": "proj-9", "HUAWEICLOUD_SDK_SECURITY_TOKEN": "sts"])
        _ = try await temporary.recognize(try line())
        await upstream.stop()
        let captured = await log.headers
        let headers = try XCTUnwrap(captured.first)
        XCTAssertEqual(headers[HTTPField.Name("X-Project-Id")!], "proj-9")
        XCTAssertEqual(headers[HTTPField.Name("X-Security-Token")!], "sts")
        XCTAssertNotNil(headers[HTTPField.Name("X-Sdk-Date")!])
        let authorization = try XCTUnwrap(headers[.authorization])
        XCTAssertTrue(authorization.hasPrefix("SDK-HMAC-SHA256 Access=AK, SignedHeaders=content-type;host;x-project-id;x-sdk-date;x-security-token, Signature="), authorization)
    }

    /// Password login for a token, cached; a token the service calls stale is replaced once.
    func testIAMTokensAreFetchedCachedAndRefreshedOnce() async throws {
        let logins = CallLog()
        let iam = try await LiveServer.scripted { request in
            let number = await logins.begin(request.headers)
            await logins.end()
            let body = String(buffer: try await request.body.collect(upTo: 1 << 16))
            guard body.contains("\"password\":\"pw\""), body.contains("\"name\":\"cn-north-4\"") else { return Response(status: .unauthorized) }
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Subject-Token")!] = "token-\(number)"
            let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(24 * 3600))
            return Response(status: .created, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"token": {"expires_at": "\#(expires)"}}"#)))
        }
        let calls = CallLog()
        let service = try await LiveServer.scripted { request in
            let number = await calls.begin(request.headers)
            await calls.end()
            let token = request.headers[HTTPField.Name("X-Auth-Token")!]
            return token == "token-1" && number == 1
                ? contractResponse(.failure(.tokenMustBeUpdated))
                : contractResponse(.success(HandwritingResult(blocks: [])))
        }
        let recognizer = try CloudRecognizer(.init(settings: try CloudSettings.load(
            commandLine: ["endpoint": service.base.absoluteString],
            environment: ["HOME": "/nonexistent"], configFile: try loginFile()), retry: quickRetries, iamEndpoint: iam.base))
        _ = try await recognizer.recognize(try line())
        _ = try await recognizer.recognize(try line())
        await iam.stop()
        await service.stop()
        let loginCount = await logins.calls
        let tokensSent = await calls.headers.map { $0[HTTPField.Name("X-Auth-Token")!] }
        XCTAssertEqual(loginCount, 2, "one login, and one more after APIG.0307")
        XCTAssertEqual(tokensSent, ["token-1", "token-2", "token-2"], "the new token is kept")
    }

    /// A token that ends within the renewal margin is fetched again for the next call.
    func testATokenNearItsEndIsRenewed() async throws {
        let logins = CallLog()
        let iam = try await LiveServer.scripted { request in
            let number = await logins.begin(request.headers)
            await logins.end()
            var headers = HTTPFields()
            headers[HTTPField.Name("X-Subject-Token")!] = "short-\(number)"
            let expires = ISO8601DateFormatter().string(from: Date().addingTimeInterval(120))  // inside the 5 minute margin
            return Response(status: .created, headers: headers, body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"token": {"expires_at": "\#(expires)"}}"#)))
        }
        let service = try await LiveServer.scripted { _ in contractResponse(.success(HandwritingResult(blocks: []))) }
        let recognizer = try CloudRecognizer(.init(settings: try CloudSettings.load(
            commandLine: ["endpoint": service.base.absoluteString], environment: ["HOME": "/nonexistent"], configFile: try loginFile()),
            retry: quickRetries, iamEndpoint: iam.base))
        _ = try await recognizer.recognize(try line())
        _ = try await recognizer.recognize(try line())
        await iam.stop()
        await service.stop()
        let count = await logins.calls
        XCTAssertEqual(count, 2)
    }

    private func loginFile() throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        addTeardownBlock { try? FileManager.default.removeItem(at: folder) }
        let file = folder.appendingPathComponent("cloud.conf")
        try Data("iam_user = reader\niam_password = pw\niam_domain = archive\nproject_id = p\n".utf8).write(to: file)
        try FileManager.default.setAttributes([.posixPermissions: 0o600], ofItemAtPath: file.path)
        return file
    }

    func testRetriesThrottlingAndUnavailabilityThenSucceeds() async throws {
        let log = CallLog()
        let upstream = try await LiveServer.scripted { request in
            let number = await log.begin(request.headers)
            await log.end()
            switch number {
            case 1: return contractResponse(.failure(.throttled))
            case 2: return Response(status: .serviceUnavailable, body: ResponseBody(byteBuffer: ByteBuffer(string: "<html>busy</html>")))
            default: return contractResponse(.success(HandwritingResult(blocks: [WordsBlock(words: "ok", confidence: 0.9, location: [])])))
            }
        }
        let result = try await client(upstream.base).recognize(try line())
        await upstream.stop()
        XCTAssertEqual(result.blocks.map(\.words), ["ok"])
        let count = await log.calls
        XCTAssertEqual(count, 3)
    }

    func testNeverRetriesOtherClientErrorsAndGivesUpAfterThree() async throws {
        let log = CallLog()
        let upstream = try await LiveServer.scripted { request in
            let number = await log.begin(request.headers)
            await log.end()
            // The first call gets a nested error shape; every later one a 503.
            if number == 1 {
                return Response(status: .badRequest, headers: [HTTPField.Name("X-Request-Id")!: "nested-id"],
                                body: ResponseBody(byteBuffer: ByteBuffer(string: #"{"result": {"error_code": "AIS.0105", "error_msg": "Recognition failed."}}"#)))
            }
            return contractResponse(.failure(ServiceError(code: "APIG.1009", message: "Service unavailable.", httpStatus: 503)))
        }
        let recognizer = try client(upstream.base)
        let first = await expectError("AIS.0105") { _ = try await recognizer.recognize(try self.line()) }
        XCTAssertEqual(first?.requestID, "nested-id")
        let afterOne = await log.calls
        XCTAssertEqual(afterOne, 1, "a 400 is not retried")
        _ = await expectError("APIG.1009") { _ = try await recognizer.recognize(try self.line()) }
        let afterAll = await log.calls
        XCTAssertEqual(afterAll, 4, "three calls for a 503, then it gives up")
        await upstream.stop()
    }

    func testUnreachableSlowAndCancelled() async throws {
        // Nothing listens on a port just released.
        let gone = try await LiveServer.scripted { _ in Response(status: .ok) }
        await gone.stop()
        // AsyncHTTPClient retries a refused connection until the connect timeout.
        let refused = try CloudRecognizer(.init(settings: settings(endpoint: gone.base), retry: quickRetries, connectTimeout: .milliseconds(300)))
        let unreachable = await expectError("Quire.Network") { _ = try await refused.recognize(try self.line()) }
        XCTAssertTrue(unreachable?.detail?.contains("refused") ?? false, "\(String(describing: unreachable))")

        let slow = try await LiveServer.scripted { _ in
            try await Task.sleep(for: .seconds(3))
            return contractResponse(.success(HandwritingResult(blocks: [])))
        }
        let impatient = try client(slow.base, retry: RetryPolicy(attempts: 1), readTimeout: .milliseconds(300))
        let started = Date()
        _ = await expectError("Quire.Timeout") { _ = try await impatient.recognize(try self.line()) }
        XCTAssertLessThan(Date().timeIntervalSince(started), 2.5)

        let patient = try client(slow.base)
        let input = try line()
        let task = Task { try await patient.recognize(input) }
        try await Task.sleep(for: .milliseconds(200))
        let cancelledAt = Date()
        task.cancel()
        do {
            _ = try await task.value
            XCTFail("a cancelled call answered")
        } catch {
            XCTAssertTrue(error is CancellationError, "\(error)")
        }
        XCTAssertLessThan(Date().timeIntervalSince(cancelledAt), 1.5)
        await slow.stop()
    }

    /// A connection the server drops mid-call is retried like an unavailable gateway.
    func testADroppedConnectionIsRetried() async throws {
        let body = ContractJSON.text(.success(HandwritingResult(blocks: [WordsBlock(words: "after a drop", confidence: 0.5, location: [])])))
        let server = try DroppingServer(drops: 1, answer: "HTTP/1.1 200 OK\r\nContent-Type: application/json\r\nContent-Length: \(body.utf8.count)\r\nConnection: close\r\n\r\n\(body)")
        defer { server.stop() }
        let result = try await client(URL(string: "http://127.0.0.1:\(server.port)")!).recognize(try line())
        XCTAssertEqual(result.blocks.map(\.words), ["after a drop"])
        let always = try DroppingServer(drops: 99, answer: "")
        defer { always.stop() }
        let error = await expectError("Quire.Network") { _ = try await self.client(URL(string: "http://127.0.0.1:\(always.port)")!).recognize(try self.line()) }
        XCTAssertNotNil(error?.detail)
    }

    func testConcurrencyCapAndRateLimit() async throws {
        let log = CallLog()
        let upstream = try await LiveServer.scripted { request in
            _ = await log.begin(request.headers)
            try await Task.sleep(for: .milliseconds(150))
            await log.end()
            return contractResponse(.success(HandwritingResult(blocks: [])))
        }
        let capped = try client(upstream.base, concurrent: 2)
        let input = try line()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<6 { group.addTask { _ = try await capped.recognize(input) } }
            try await group.waitForAll()
        }
        let most = await log.mostInFlight
        XCTAssertEqual(most, 2)
        let paced = try client(upstream.base, concurrent: 8, perSecond: 20)
        let started = Date()
        try await withThrowingTaskGroup(of: Void.self) { group in
            for _ in 0..<5 { group.addTask { _ = try await paced.recognize(input) } }
            try await group.waitForAll()
        }
        XCTAssertGreaterThanOrEqual(Date().timeIntervalSince(started), 0.2 + 0.15, "five starts 50 ms apart, then a 150 ms answer")
        await upstream.stop()
    }

    func testHuaweiEndpointsNeedAProjectID() throws {
        let settings = try CloudSettings.load(environment: ["HOME": "/nonexistent"])
        XCTAssertThrowsError(try CloudRecognizer(.init(settings: settings))) { error in
            XCTAssertTrue("\(error)".contains("HUAWEICLOUD_SDK_PROJECT_ID"), "\(error)")
        }
    }
}
