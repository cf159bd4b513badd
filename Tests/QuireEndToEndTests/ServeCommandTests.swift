import Foundation
import HandwritingAPI
import QuireText
import TestSupport
import XCTest

/// `quire serve` and `quire recognize --endpoint`, both as a user starts them.
final class ServeCommandTests: XCTestCase {
    /// Starts `quire serve ARGUMENTS --port 0` and waits for the line that names its port.
    private func startServer(_ arguments: [String]) throws -> (process: Process, port: Int, log: FileHandle) {
        let process = Process()
        process.executableURL = try QuireBinary.url
        process.arguments = ["serve", "--port", "0", "--jobs", "1"] + arguments
        let errors = Pipe()
        process.standardError = errors
        process.standardOutput = FileHandle.nullDevice
        try process.run()
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let chunk = errors.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let port = Int(seen[range].split(separator: ":").last!)!
                return (process, port, errors.fileHandleForReading)
            }
        }
        process.terminate()
        throw Fixtures.Missing(description: "quire serve did not start: \(seen)")
    }

    func testRecognizeThroughServeAndStopOnSIGTERM() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = folder.appendingPathComponent("keys")
        try Data("AKE2E SKE2E\n".utf8).write(to: keys)
        let server = try startServer(["--keys", keys.path])
        let endpoint = "http://127.0.0.1:\(server.port)"
        let environment = ["HOME": folder.path, "OMP_THREAD_LIMIT": "1", "HUAWEICLOUD_SDK_AK": "AKE2E", "HUAWEICLOUD_SDK_SK": "SKE2E"]
        let sample = Fixtures.samples.appendingPathComponent("zh_line_1.png").path
        let run = try QuireBinary.run(["recognize", "--endpoint", endpoint, "--quick-mode", sample], environment: environment)
        XCTAssertEqual(run.status, 0, run.errors)
        guard case .success(let result) = try JSONDecoder().decode(HandwritingResponse.self, from: run.stdout) else { return XCTFail(run.output) }
        XCTAssertEqual(result.blocks.map(\.words).joined(), try Fixtures.sampleText("zh_line_1.png").trimmingCharacters(in: .newlines))
        // The same engine in process gives the same answer.
        let local = try QuireBinary.run(["recognize", "--quick-mode", sample], environment: environment)
        XCTAssertEqual(local.output, run.output)
        // A wrong secret is refused, and says what to check; the secret is never shown.
        var wrong = environment
        wrong["HUAWEICLOUD_SDK_SK"] = "not-the-secret"
        let refused = try QuireBinary.run(["recognize", "--endpoint", endpoint, "--quick-mode", sample], environment: wrong)
        XCTAssertEqual(refused.status, 1)
        XCTAssertTrue(refused.output.contains("APIG.0301"), refused.output)
        XCTAssertFalse((refused.output + refused.errors).contains("not-the-secret"))

        server.process.terminate()  // SIGTERM
        server.process.waitUntilExit()
        XCTAssertEqual(server.process.terminationReason, .exit)
        XCTAssertEqual(server.process.terminationStatus, 0, "a graceful stop")
        let log = String(decoding: server.log.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertFalse(log.contains("SKE2E"), "no secret in the access log")
    }

    func testAnOpenServerMustStayOnLoopback() throws {
        let run = try QuireBinary.run(["serve", "--host", "0.0.0.0", "--port", "0"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.errors.contains("loopback only"), run.errors)
    }
}
