import Foundation
#if canImport(FoundationNetworking)
import FoundationNetworking
#endif
import HandwritingAPI
import Leptonica
import QuireText
import TestSupport
import Synchronization
import XCTest

/// `quire serve` and `quire recognize --endpoint`, both as a user starts them.
final class ServeCommandTests: XCTestCase {
    /// Starts `quire serve ARGUMENTS --port 0` and waits for the line that names its port.
    private func startServer(_ arguments: [String], launcher: [String] = []) throws -> (process: Process, port: Int, log: FileHandle) {
        let server = try QuireBinary.start(["serve", "--port", "0", "--jobs", "1"] + arguments,
                                           environment: ["OMP_THREAD_LIMIT": "1", "HOME": "/nonexistent"], launcher: launcher)
        let process = server.process
        var seen = ""
        let deadline = Date().addingTimeInterval(20)
        while Date() < deadline {
            let chunk = server.errors.availableData
            if chunk.isEmpty { break }
            seen += String(decoding: chunk, as: UTF8.self)
            if let range = seen.range(of: #"listening on http://127\.0\.0\.1:(\d+)"#, options: .regularExpression) {
                let port = Int(seen[range].split(separator: ":").last!)!
                return (process, port, server.errors)
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

    /// Huawei Cloud's own Python SDK, pointed at quire serve with AK/SK signing, gets the
    /// answer quire gives in process; a wrong secret comes back as the cloud's APIG.0301.
    func testTheVendorsSDKWorksAgainstServe() throws {
        let python = Fixtures.repositoryRoot.appendingPathComponent(".venv-vendor-sdk/bin/python")
        guard FileManager.default.isExecutableFile(atPath: python.path) else {
            throw Fixtures.Missing(description: "\(python.path) is missing: run scripts/setup")
        }
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let keys = folder.appendingPathComponent("keys")
        try Data("AKVENDOR SKVENDOR\n".utf8).write(to: keys)
        let server = try startServer(["--keys", keys.path])
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let sample = Fixtures.samples.appendingPathComponent("zh_line_1.png").path
        func callSDK(secret: String) throws -> [String: Any] {
            let process = Process()
            process.executableURL = python
            process.arguments = [Fixtures.repositoryRoot.appendingPathComponent("Tests/VendorSDK/recognize.py").path,
                                 "http://127.0.0.1:\(server.port)", "project-1", sample]
            process.environment = ["HUAWEICLOUD_SDK_AK": "AKVENDOR", "HUAWEICLOUD_SDK_SK": secret, "PATH": "/usr/bin:/bin"]
            let output = Pipe()
            process.standardOutput = output
            process.standardError = FileHandle.nullDevice
            try process.run()
            let data = output.fileHandleForReading.readDataToEndOfFile()
            process.waitUntilExit()
            return try XCTUnwrap(JSONSerialization.jsonObject(with: data) as? [String: Any], String(decoding: data, as: UTF8.self))
        }
        let answer = try callSDK(secret: "SKVENDOR")
        let local = try QuireBinary.run(["recognize", "--quick-mode", sample], environment: ["OMP_THREAD_LIMIT": "1", "HOME": folder.path])
        let expected = try XCTUnwrap(JSONSerialization.jsonObject(with: local.stdout) as? NSDictionary)
        XCTAssertEqual(answer as NSDictionary, expected)
        let refused = try callSDK(secret: "wrong")
        XCTAssertEqual(refused["status"] as? Int, 401)
        XCTAssertEqual(refused["error_code"] as? String, "APIG.0301")
        XCTAssertEqual((refused["request_id"] as? String)?.count, 32)
    }

    /// Issue 14, DNS rebinding, in a network of the test's own: `rebind.test`'s resolver
    /// answers the first lookup with a public address and every later one with
    /// 127.0.0.1, where a second server waits. `quire serve` inside must fetch the page
    /// from the public one, the address it checked, and never reach 127.0.0.1.
    func testARebindingNameIsFetchedFromTheAddressItWasCheckedAt() throws {
        let network = try NetworkNamespace(addresses: ["93.184.216.34"])
        let world = Process()
        world.executableURL = URL(fileURLWithPath: "/usr/bin/env")
        world.arguments = Array(network.launcher.dropFirst()) + [
            "python3", Fixtures.repositoryRoot.appendingPathComponent("Tests/NetworkHosts/rebinding.py").path, "rebind.test", "93.184.216.34",
            "8080", Fixtures.samples.appendingPathComponent("en_line_1.png").path, Fixtures.samples.appendingPathComponent("zh_line_1.png").path,
        ]
        let input = Pipe(), output = Pipe()
        world.standardInput = input
        world.standardOutput = output
        try world.run()
        defer {
            try? input.fileHandleForWriting.close()  // the world ends with its input
            world.waitUntilExit()
        }
        // A pipe hands over what was written so far: on a busy machine, half the line.
        var said = Data()
        while !said.contains(UInt8(ascii: "\n")) {
            let chunk = output.fileHandleForReading.availableData
            if chunk.isEmpty { break }
            said += chunk
        }
        XCTAssertEqual(String(decoding: said, as: UTF8.self), "ready\n")

        let server = try startServer(["--engine", "tesseract"], launcher: network.launcher)
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let run = try QuireBinary.run(["recognize", "--endpoint", "http://127.0.0.1:\(server.port)", "--format", "text",
                                       "http://rebind.test:8080/line.png"],
                                      environment: ["OMP_THREAD_LIMIT": "1", "HOME": "/nonexistent"], launcher: network.launcher)
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        XCTAssertTrue(run.output.contains("THE QUICK BROWN FOX"), "the public server's page: \(run.output)")

        try input.fileHandleForWriting.close()
        world.waitUntilExit()
        let reported = String(decoding: output.fileHandleForReading.readDataToEndOfFile(), as: UTF8.self)
        XCTAssertFalse(reported.contains("internal"), "the server behind the rebinding name was reached: \(reported)")
    }

    /// `quire serve --tokens FILE`, and the client sending one of them from QUIRE_AUTH_TOKEN.
    func testTokenFileAndTheClientsToken() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tokens = folder.appendingPathComponent("tokens")
        try Data("# who may call\nteam-token-1\nteam-token-2\n".utf8).write(to: tokens)
        let server = try startServer(["--tokens", tokens.path])
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let sample = Fixtures.samples.appendingPathComponent("en_line_1.png").path
        let arguments = ["recognize", "--endpoint", "http://127.0.0.1:\(server.port)", "--quick-mode", sample]
        let allowed = try QuireBinary.run(arguments, environment: ["HOME": folder.path, "OMP_THREAD_LIMIT": "1", "QUIRE_AUTH_TOKEN": "team-token-2"])
        XCTAssertEqual(allowed.status, 0, allowed.errors)
        XCTAssertTrue(allowed.output.contains("THE QUICK BROWN FOX"), allowed.output)
        let wrong = try QuireBinary.run(arguments, environment: ["HOME": folder.path, "OMP_THREAD_LIMIT": "1", "QUIRE_AUTH_TOKEN": "guess"])
        XCTAssertEqual(wrong.output.trimmingCharacters(in: .newlines), ContractJSON.text(.failure(.invalidToken)))
        let none = try QuireBinary.run(arguments, environment: ["HOME": folder.path, "OMP_THREAD_LIMIT": "1"])
        XCTAssertEqual(none.output.trimmingCharacters(in: .newlines), ContractJSON.text(.failure(.missingToken)))
        XCTAssertFalse((allowed.errors + wrong.errors + none.errors + wrong.output).contains("guess"), "a token is never shown")
    }

    /// SIGTERM while a page is being read: the answer still comes, then the server exits.
    func testSIGTERMFinishesWhatIsInFlight() throws {
        let server = try startServer([])
        let idle = Self.cpuTicks(of: server.process.processIdentifier)
        let client = try QuireBinary.start(["recognize", "--endpoint", "http://127.0.0.1:\(server.port)", "--detect-direction",
                                            Fixtures.samples.appendingPathComponent("en_page_tilted.png").path],
                                           environment: ["HOME": "/nonexistent", "OMP_THREAD_LIMIT": "1"])
        // The server is at work once it has spent CPU time on the page (a tenth of a second).
        let deadline = Date().addingTimeInterval(20)
        while Self.cpuTicks(of: server.process.processIdentifier) < idle + 10, Date() < deadline {
            Thread.sleep(forTimeInterval: 0.005)
        }
        server.process.terminate()
        let answer = client.output.readDataToEndOfFile()
        client.process.waitUntilExit()
        server.process.waitUntilExit()
        XCTAssertEqual(server.process.terminationStatus, 0)
        XCTAssertEqual(client.process.terminationStatus, 0, String(decoding: answer, as: UTF8.self))
        guard case .success(let result) = try JSONDecoder().decode(HandwritingResponse.self, from: answer) else {
            return XCTFail(String(decoding: answer, as: UTF8.self))
        }
        XCTAssertEqual(result.blocks.count, 7, "the page in flight was read whole")
    }

    /// Issue 14: large pages left the server holding their memory (ten 8192 x 8192 pages
    /// left 1.6 GiB; two of the letter at six times its size 313 MiB over what it held
    /// before them, 36 MiB now). What the pages took is given back once they are read.
    func testMemoryALargePageTookIsGivenBack() throws {
        let server = try startServer(["--engine", "ppocr"])
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let endpoint = URL(string: "http://127.0.0.1:\(server.port)/v2/p1/ocr/handwriting")!
        let letter = try XCTUnwrap(Image(decoding: try Fixtures.sample("en_page.png")))
        let large = try XCTUnwrap(letter.scaled(width: 6762, height: 2598)?.pngData())
        try assertPagesAreGivenBack(endpoint, pid: server.process.processIdentifier, engine: "ppocr",
                                    warmUp: Fixtures.sample("zh_line_1.png"), page: large, copies: 2)
    }

    /// The same with `auto` and lines as long as a page allows: ONNX Runtime's arena can
    /// give back only regions wholly free when a run ends, and the output of the last
    /// lines read was still in the largest, so it stayed (179 MiB after this page, 245
    /// MiB after an 8192 x 8192 page of such lines).
    func testMemoryLongLinesTookIsGivenBackByAuto() throws {
        let server = try startServer(["--engine", "auto"])
        defer { server.process.terminate(); server.process.waitUntilExit() }
        let endpoint = URL(string: "http://127.0.0.1:\(server.port)/v2/p1/ocr/handwriting")!
        try assertPagesAreGivenBack(endpoint, pid: server.process.processIdentifier, engine: "auto",
                                    warmUp: Fixtures.sample("en_page.png"), page: Self.longLines(), copies: 1)
    }

    /// Reads `warmUp` (so that the engines are loaded and the heaps at their working
    /// size), then `copies` of `page` at once, and checks that the server holds at most
    /// 100 MiB more than before them.
    private func assertPagesAreGivenBack(_ endpoint: URL, pid: Int32, engine: String, warmUp: Data, page: Data,
                                         copies: Int) throws {
        XCTAssertEqual(try Self.post(endpoint, #"{"image": "\#(warmUp.base64EncodedString())"}"#), 200)
        let before = try Self.residentMiB(of: pid)
        let body = #"{"image": "\#(page.base64EncodedString())"}"#
        let statuses = Mutex([Int]())
        DispatchQueue.concurrentPerform(iterations: copies) { _ in
            let status = (try? Self.post(endpoint, body)) ?? 0
            statuses.withLock { $0.append(status) }
        }
        let after = try Self.residentMiB(of: pid)
        XCTAssertEqual(statuses.withLock { $0 }, Array(repeating: 200, count: copies))
        XCTAssertLessThan(after - before, 100, "\(engine): resident \(before) MiB before the pages, \(after) MiB after")
    }

    /// A white PNG 8192 x 600 with four lines of dashes 7200 pixels long and 30 high (as
    /// the issue's probe posted, cut to four lines).
    static func longLines() throws -> Data {
        let width = 8192, height = 600
        var rgb = [UInt8](repeating: 255, count: width * height * 3)
        for y in 60..<540 where (60..<90).contains(y % 120) {
            for x in stride(from: 500, to: 7700, by: 40) {
                rgb.replaceSubrange((y * width + x) * 3..<(y * width + x + 20) * 3, with: repeatElement(0, count: 60))
            }
        }
        return try XCTUnwrap(Image(rgb: rgb, width: width, height: height)?.pngData())
    }

    /// Posts `body` and waits for the status (two minutes at most).
    private static func post(_ url: URL, _ body: String) throws -> Int {
        var request = URLRequest(url: url, timeoutInterval: 120)
        request.httpMethod = "POST"
        request.setValue("application/json", forHTTPHeaderField: "Content-Type")
        request.httpBody = Data(body.utf8)
        let status = Mutex<Int?>(nil)
        let done = DispatchSemaphore(value: 0)
        URLSession.shared.dataTask(with: request) { _, response, _ in
            status.withLock { $0 = (response as? HTTPURLResponse)?.statusCode }
            done.signal()
        }.resume()
        done.wait()
        return try XCTUnwrap(status.withLock { $0 })
    }

    /// A process's resident size, from /proc.
    static func residentMiB(of pid: Int32) throws -> Int {
        let status = try String(contentsOfFile: "/proc/\(pid)/status", encoding: .utf8)
        let line = try XCTUnwrap(status.split(separator: "\n").first { $0.hasPrefix("VmRSS:") })
        return (Int(line.split(separator: " ", omittingEmptySubsequences: true)[1]) ?? 0) / 1024
    }

    /// User and system time of a process, in clock ticks, from /proc.
    static func cpuTicks(of pid: Int32) -> Int {
        guard let stat = try? String(contentsOfFile: "/proc/\(pid)/stat", encoding: .utf8),
              let close = stat.lastIndex(of: ")") else { return 0 }
        let fields = stat[stat.index(after: close)...].split(separator: " ")
        return (Int(fields[11]) ?? 0) + (Int(fields[12]) ?? 0)  // utime, stime
    }

    func testAnOpenServerMustStayOnLoopback() throws {
        let run = try QuireBinary.run(["serve", "--host", "0.0.0.0", "--port", "0"])
        XCTAssertEqual(run.status, 2)
        XCTAssertTrue(run.errors.contains("loopback only"), run.errors)
        // Issue 14: a name that starts like a loopback address resolves elsewhere.
        let lookalike = try QuireBinary.run(["serve", "--host", "127.0.0.1.example.com", "--port", "0"])
        XCTAssertEqual(lookalike.status, 2)
        XCTAssertTrue(lookalike.errors.contains("loopback only"), lookalike.errors)
    }

    /// Issue 14: `--port 99999` listened on another port, `--jobs 100000` took 3 GB
    /// before listening; options are checked before anything starts.
    func testOptionsAreCheckedBeforeTheServerStarts() throws {
        for (arguments, complaint) in [(["--port", "99999"], "--port must be 0 to 65535"), (["--jobs", "100000"], "--jobs must be 1 to"),
                                       (["--jobs", "0"], "--jobs must be 1 to"), (["--timeout", "0"], "--timeout must be at least 1")] {
            let run = try QuireBinary.run(["serve"] + arguments)
            XCTAssertNotEqual(run.status, 0, "\(arguments)")
            XCTAssertTrue(run.errors.contains(complaint), "\(arguments): \(run.errors)")
            XCTAssertFalse(run.errors.contains("listening"), run.errors)
        }
    }
}
