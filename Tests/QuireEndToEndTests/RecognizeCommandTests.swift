import Foundation
import HandwritingAPI
import PaddleRecognizer
import QuireText
import TestSupport
import XCTest

/// `quire recognize` as a user runs it: the real binary, real files, output parsed back.
final class RecognizeCommandTests: XCTestCase {
    private func sample(_ name: String) -> String { Fixtures.samples.appendingPathComponent(name).path }

    private func decodeLines(_ output: String) throws -> [[String: Any]] {
        try output.split(separator: "\n").map {
            try XCTUnwrap(JSONSerialization.jsonObject(with: Data($0.utf8)) as? [String: Any], String($0))
        }
    }

    private func words(_ line: [String: Any]) -> String {
        let list = (line["result"] as? [String: Any])?["words_block_list"] as? [[String: Any]] ?? []
        return list.compactMap { $0["words"] as? String }.joined(separator: "\n")
    }

    /// Without PP-OCR's files the default engine says what is missing and how to get it,
    /// and reads with Tesseract; asking for ppocr itself stops with the same advice.
    func testMissingPaddleFilesNameTheSetUpAndTheDefaultStillReads() throws {
        let empty = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        let environment = ["QUIRE_DATA": empty.path, "OMP_THREAD_LIMIT": "1", "HOME": empty.path]
        let fallback = try QuireBinary.run(["recognize", "--quick-mode", "--format", "text", sample("en_line_1.png")], environment: environment)
        XCTAssertEqual(fallback.status, 0, fallback.errors)
        XCTAssertTrue(fallback.errors.contains("scripts/setup") && fallback.errors.contains("tesseract alone"), fallback.errors)
        XCTAssertTrue(fallback.output.contains("THE QUICK BROWN FOX"), fallback.output)
        let refused = try QuireBinary.run(["recognize", "--engine", "ppocr", sample("en_line_1.png")], environment: environment)
        XCTAssertEqual(refused.status, 2)
        XCTAssertTrue(refused.errors.contains("scripts/setup"), refused.errors)
        XCTAssertEqual(refused.output, "")
    }

    /// `--models` names another model set, by folder or by its name in the data folder;
    /// it reads as the default set when it holds the same models, and a folder that is
    /// no model set stops the engine with a message saying what is missing.
    func testModelsNamesAModelSet() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let standard = PaddleFiles.standard.modelFolder
        for name in try FileManager.default.contentsOfDirectory(atPath: standard) where name.hasSuffix(".onnx") {
            try FileManager.default.createSymbolicLink(atPath: folder.appendingPathComponent("copy-" + name).path,
                                                       withDestinationPath: (standard as NSString).appendingPathComponent(name))
        }
        let arguments = ["recognize", "--engine", "ppocr", "--quick-mode", "--format", "text", sample("zh_line_1.png")]
        let usual = try QuireBinary.run(arguments)
        let mine = try QuireBinary.run(arguments + ["--models", folder.path])
        XCTAssertEqual(usual.status, 0, usual.errors)
        XCTAssertEqual(mine.status, 0, mine.errors)
        XCTAssertEqual(mine.output, usual.output)
        let byName = try QuireBinary.run(arguments + ["--models", PaddleFiles.defaultSet])
        XCTAssertEqual(byName.output, usual.output, byName.errors)
        let empty = folder.appendingPathComponent("empty")
        try FileManager.default.createDirectory(at: empty, withIntermediateDirectories: true)
        let refused = try QuireBinary.run(["recognize", "--models", empty.path, sample("zh_line_1.png")])
        XCTAssertEqual(refused.status, 2, "auto does not fall back when the set asked for is not there")
        XCTAssertTrue(refused.errors.contains("no detection model"), refused.errors)
        XCTAssertEqual(refused.output, "")
    }

    /// ONNX Runtime 1.29 and later keep a record of the program, the machine and each
    /// session under ~/.cache/Microsoft and send it away; Quire turns that off, so reading
    /// a page leaves nothing in the home folder.
    func testTheRuntimeKeepsAndSendsNoTelemetry() throws {
        let home = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: home) }
        let run = try QuireBinary.run(["recognize", "--engine", "ppocr", "--quick-mode", "--format", "text", sample("en_line_1.png")],
                                      environment: ["HOME": home.path, "OMP_THREAD_LIMIT": "1"])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertTrue(run.output.uppercased().contains("QUICK BROWN"), run.output)
        let left = FileManager.default.enumerator(atPath: home.path)?.allObjects as? [String] ?? []
        XCTAssertEqual(left, [], "the home folder is as it was")
    }

    func testOneImagePrintsTheContractsResponse() throws {
        let run = try QuireBinary.run(["recognize", "--quick-mode", sample("zh_line_1.png")])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertEqual(run.errors, "", "nothing but the answer: engines stay silent")
        let response = try JSONDecoder().decode(HandwritingResponse.self, from: run.stdout)
        guard case .success(let result) = response else { return XCTFail(run.output) }
        let cer = ErrorRate.characterErrorRate(recognised: result.blocks.map(\.words).joined(), reference: try Fixtures.sampleText("zh_line_1.png"))
        XCTAssertLessThanOrEqual(cer, 0.12, run.output)
    }

    func testSeveralInputsGiveALineEachAndAFailureStopsNothing() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let notAnImage = folder.appendingPathComponent("scan.jpg")
        try Data("only text in here\n".utf8).write(to: notAnImage)
        let inputs = [sample("en_line_1.png"), notAnImage.path, sample("zh_line_2.png"), "ftp://example.com/a.png", sample("en_line_2.png")]
        let run = try QuireBinary.run(["recognize", "--quick-mode", "--jobs", "2"] + inputs)
        XCTAssertEqual(run.status, 1, "one input failed, so the exit status says so")
        let lines = try decodeLines(run.output)
        XCTAssertEqual(lines.map { $0["file"] as? String }, inputs, "one line per input, in input order")
        XCTAssertEqual(lines.map { $0["error_code"] as? String }, [nil, "AIS.0102", nil, "ModelArts.4601", nil])
        XCTAssertEqual(lines[1]["error_msg"] as? String, "The image format is not supported.")
        for (index, name) in [(0, "en_line_1.png"), (2, "zh_line_2.png"), (4, "en_line_2.png")] {
            XCTAssertLessThanOrEqual(ErrorRate.characterErrorRate(recognised: words(lines[index]), reference: try Fixtures.sampleText(name)), 0.12)
        }
        // The failures are explained on stderr, one line each, and nothing else is there.
        let notes = run.errors.split(separator: "\n")
        XCTAssertEqual(notes.count, 2, run.errors)
        XCTAssertTrue(notes.allSatisfy { $0.hasPrefix("quire: ") }, run.errors)
    }

    /// Issue 14: a TIFF whose pages loop back made `recognize` run for ever.
    func testATIFFWhosePagesLoopIsRefusedAndTheOthersAreRead() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let looping = folder.appendingPathComponent("loop.tif")
        try TestImages.tiffWithLoopingPages(try Fixtures.sample("letter.tif")).write(to: looping)
        let run = try QuireBinary.run(["recognize", "--quick-mode", "--format", "jsonl", looping.path, sample("en_line_1.png")])
        XCTAssertEqual(run.status, 1, run.errors)
        XCTAssertEqual(try decodeLines(run.output).map { $0["error_code"] as? String }, ["AIS.0102", nil])
    }

    /// Issue 14: one document of several pages printed a JSON array, where the README
    /// promises JSON Lines, as for several inputs.
    func testADocumentOfSeveralPagesPrintsJSONLines() throws {
        let run = try QuireBinary.run(["recognize", sample("letter.tif")])
        XCTAssertEqual(run.status, 0, run.errors)
        let lines = try decodeLines(run.output)
        XCTAssertEqual(lines.map { $0["page"] as? Int }, [1, 2])
        XCTAssertEqual(lines.map { $0["file"] as? String }, [sample("letter.tif"), sample("letter.tif")])
        // A single page is still the API's own response.
        let single = try QuireBinary.run(["recognize", "--quick-mode", sample("en_line_1.png")])
        let response = try XCTUnwrap(try JSONSerialization.jsonObject(with: Data(single.output.utf8)) as? [String: Any])
        XCTAssertNotNil(response["result"])
        XCTAssertNil(response["file"])
    }

    func testAllSucceededExitsZero() throws {
        let run = try QuireBinary.run(["recognize", "--quick-mode", "--format", "jsonl", sample("en_line_1.png"), sample("digits_line.png")])
        XCTAssertEqual(run.status, 0, run.errors)
        XCTAssertEqual(try decodeLines(run.output).count, 2)
    }

    func testMultiPageDocumentsGiveALinePerPage() throws {
        for document in ["letter.tif", "letter.pdf"] {
            let run = try QuireBinary.run(["recognize", "--format", "jsonl", sample(document)])
            XCTAssertEqual(run.status, 0, run.errors)
            let lines = try decodeLines(run.output)
            XCTAssertEqual(lines.map { $0["page"] as? Int }, [1, 2], document)
            XCTAssertTrue(words(lines[0]).hasPrefix("DEAR"), words(lines[0]))
            XCTAssertTrue(words(lines[1]).contains("明月"), words(lines[1]))
        }
    }

    /// `--format json` with several pages is one JSON array of labelled responses.
    func testJSONFormatWithSeveralPagesIsAnArray() throws {
        let run = try QuireBinary.run(["recognize", "--format", "json", "--quick-mode", sample("en_line_1.png"), sample("zh_line_1.png")])
        XCTAssertEqual(run.status, 0, run.errors)
        let array = try XCTUnwrap(JSONSerialization.jsonObject(with: run.stdout) as? [[String: Any]])
        XCTAssertEqual(array.map { $0["file"] as? String }, [sample("en_line_1.png"), sample("zh_line_1.png")])
        XCTAssertTrue(array.allSatisfy { $0["result"] != nil })
    }

    func testTextFormatWithDetectDirection() throws {
        let run = try QuireBinary.run(["recognize", "--format", "text", "--detect-direction", sample("en_page_rotated.png")])
        XCTAssertEqual(run.status, 0, run.errors)
        let body = run.output.split(separator: "\n").dropFirst().joined(separator: "\n")
        XCTAssertLessThanOrEqual(ErrorRate.characterErrorRate(recognised: body, reference: try Fixtures.sampleText("en_page_rotated.png")), 0.06, run.output)
    }

    /// A file name made to drive the terminal is shown escaped, on stderr and stdout alike.
    func testFileNamesNeverReachTheTerminalRaw() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let hostile = folder.appendingPathComponent("page\u{1B}]0;owned\u{07}\u{9B}2J.png")
        try Data("not a picture".utf8).write(to: hostile)
        let run = try QuireBinary.run(["recognize", "--format", "jsonl", hostile.path])
        XCTAssertEqual(run.status, 1)
        for (name, stream) in [("stdout", run.stdout), ("stderr", run.stderr)] {
            XCTAssertFalse(stream.contains(0x1B), "\(name) carries a raw ESC")
            XCTAssertFalse(stream.contains(0x07), "\(name) carries a raw BEL")
            XCTAssertFalse(String(decoding: stream, as: UTF8.self).unicodeScalars.contains("\u{9B}"), "\(name) carries a raw CSI")
        }
        XCTAssertTrue(run.errors.contains("\\x1b]0;owned\\x07\\x9b2J"), run.errors)
        let line = try XCTUnwrap(try decodeLines(run.output).first)
        XCTAssertEqual(line["file"] as? String, hostile.path, "the JSON still carries the name exactly")
    }

    func testDamagedImagesLeaveStderrToQuire() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        var png = [UInt8](try Fixtures.sample("en_line_1.png"))
        let idat = try XCTUnwrap((0..<(png.count - 4)).first { Array(png[$0..<($0 + 4)]) == Array("IDAT".utf8) })
        for index in (idat + 4)..<(idat + 204) { png[index] = UInt8(truncatingIfNeeded: index &* 31) }
        let damaged = folder.appendingPathComponent("damaged.png")
        try Data(png).write(to: damaged)
        let run = try QuireBinary.run(["recognize", damaged.path])
        XCTAssertEqual(run.status, 1)
        XCTAssertEqual(try JSONDecoder().decode(HandwritingResponse.self, from: run.stdout), .failure(.poorImage))
        XCTAssertEqual(run.errors.split(separator: "\n").count, 1, run.errors)
        XCTAssertTrue(run.errors.hasPrefix("quire: "), run.errors)
    }

    func testURLInputIsFetched() throws {
        guard let python = ["/usr/bin/python3", "/usr/local/bin/python3"].first(where: { FileManager.default.isExecutableFile(atPath: $0) })
            ?? ProcessInfo.processInfo.environment["PATH"]?.split(separator: ":").map({ "\($0)/python3" }).first(where: { FileManager.default.isExecutableFile(atPath: $0) })
        else { throw XCTSkip("python3 serves the test's files; none on this machine") }
        let port = Int.random(in: 20_000..<60_000)
        let server = Process()
        server.executableURL = URL(fileURLWithPath: python)
        server.arguments = ["-m", "http.server", String(port), "--bind", "127.0.0.1", "--directory", Fixtures.samples.path]
        server.standardOutput = FileHandle.nullDevice
        server.standardError = FileHandle.nullDevice
        try server.run()
        defer { server.terminate(); server.waitUntilExit() }
        let address = "http://127.0.0.1:\(port)/en_line_1.png"
        var run = try QuireBinary.run(["recognize", "--quick-mode", address])
        for _ in 0..<50 where run.status != 0 {  // until the server listens
            Thread.sleep(forTimeInterval: 0.1)
            run = try QuireBinary.run(["recognize", "--quick-mode", address])
        }
        XCTAssertEqual(run.status, 0, run.output + run.errors)
        let response = try JSONDecoder().decode(HandwritingResponse.self, from: run.stdout)
        guard case .success(let result) = response else { return XCTFail(run.output) }
        XCTAssertLessThanOrEqual(ErrorRate.characterErrorRate(recognised: result.blocks.map(\.words).joined(), reference: try Fixtures.sampleText("en_line_1.png")), 0.12)
        let missing = try QuireBinary.run(["recognize", "http://127.0.0.1:\(port)/no-such.png"])
        XCTAssertEqual(try JSONDecoder().decode(HandwritingResponse.self, from: missing.stdout), .failure(.urlFetchFailed))
    }

    /// On a terminal, stderr carries a progress line rewritten in place; it counts pages
    /// as they finish, and is cleared at the end.
    func testProgressLineOnlyOnATerminal() throws {
        let quire = try QuireBinary.url.path
        let inputs = ["en_line_1.png", "zh_line_1.png", "letter.tif"].map(sample)
        let command = ([quire, "recognize", "--quick-mode", "--format", "jsonl"] + inputs).map { "'\($0)'" }.joined(separator: " ")
        let terminal = Process()
        terminal.executableURL = URL(fileURLWithPath: "/usr/bin/script")
        terminal.arguments = ["-qec", command + " >/dev/null", "/dev/null"]  // a pseudo-terminal for stderr
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let screen = folder.appendingPathComponent("screen")
        _ = FileManager.default.createFile(atPath: screen.path, contents: nil)
        terminal.standardOutput = try FileHandle(forWritingTo: screen)
        terminal.standardInput = FileHandle.nullDevice
        try terminal.run()
        terminal.waitUntilExit()
        let shown = try String(contentsOf: screen, encoding: .utf8)
        XCTAssertEqual(terminal.terminationStatus, 0, shown)
        XCTAssertTrue(shown.contains("[input 3/3] 4 pages"), shown)
        XCTAssertTrue(shown.hasSuffix("\r\u{1B}[K"), "the line is cleared at the end: \(shown.debugDescription)")
        // Into a file, stderr stays empty.
        let quiet = try QuireBinary.run(["recognize", "--quick-mode", "--format", "jsonl"] + inputs)
        XCTAssertEqual(quiet.errors, "")
    }

    func testHelpReadsWell() throws {
        let run = try QuireBinary.run(["recognize", "--help"])
        XCTAssertEqual(run.status, 0)
        for option in ["--quick-mode", "--char-set", "--detect-direction", "--jobs", "--format", "--engine"] {
            XCTAssertTrue(run.output.contains(option), option)
        }
        let top = try QuireBinary.run(["--help"])
        XCTAssertTrue(top.output.contains("recognize"), top.output)
    }

    func testBadOptionsAreRefusedBeforeAnyWork() throws {
        let run = try QuireBinary.run(["recognize", "--char-set", "chinese", sample("en_line_1.png")])
        XCTAssertNotEqual(run.status, 0)
        XCTAssertTrue(run.errors.contains("char-set"), run.errors)
    }
}
