import Foundation
import HandwritingAPI
import QuireText
import TesseractRecognizer
import TestSupport
import XCTest

final class TesseractRecognizerTests: XCTestCase {
    private var engine: TesseractRecognizer { get throws { try SharedEngines.tesseract.get() } }

    private var reading: SampleReading { get throws { SampleReading(try engine) } }

    func testReadsChineseAndEnglishLines() async throws {
        for (_, result) in try await reading.assertReadsEachLineAsOneBlock(within: 0.12) {
            XCTAssertTrue(result.blocks.allSatisfy { (0...1).contains($0.confidence) && $0.type == "text" && $0.location.count == 4 })
        }
    }

    func testChineseHasNoSpacesBetweenCharacters() async throws {
        let result = try await reading.assertReads("zh_line_1.png", .init(quickMode: true), within: 0.12)
        XCTAssertFalse(SampleReading.text(of: result).contains(" "), SampleReading.text(of: result))
    }

    func testReadsPagesLineByLineInOrder() async throws {
        let english = try await reading.assertReads("en_page.png", within: 0.06)
        XCTAssertEqual(english.blocks.count, 7)
        XCTAssertEqual(english.blocks.first?.words.hasPrefix("DEAR"), true)
        let ys = english.blocks.map { $0.location[0].y }
        XCTAssertEqual(ys, ys.sorted(), "lines top to bottom")
        _ = try await reading.assertReads("zh_page.png", within: 0.15)
    }

    /// The page turned a quarter clockwise reads as the upright page, and each block's
    /// location is where the upright page's block lands after the turn: (x, y) -> (h - y, x).
    func testDetectDirectionTurnsAQuarterTurnedPageBack() async throws {
        let upright = try await reading.read(Fixtures.sample("en_page.png"))
        let turned = try await reading.assertReads("en_page_rotated.png", .init(detectDirection: true), within: 0.06)
        XCTAssertEqual(turned.blocks.count, upright.blocks.count)
        let height = 433  // en_page.png is 1127 x 433
        for (mine, theirs) in zip(turned.blocks, upright.blocks) {
            let expected = theirs.location.map { Point(x: height - $0.y, y: $0.x) }
            assertClose(mine.location, expected, tolerance: 3)
        }
    }

    /// The page tilted 4° anticlockwise (ImageMagick, canvas grown to fit) is deskewed,
    /// and block corners come back in the tilted image's own coordinates.
    func testDetectDirectionDeskewsATiltedPage() async throws {
        let upright = try await reading.read(Fixtures.sample("en_page.png"))
        let tilted = try await reading.assertReads("en_page_tilted.png", .init(detectDirection: true), within: 0.06)
        XCTAssertEqual(tilted.blocks.count, upright.blocks.count)
        let (w, h, tw, th) = (1127.0, 433.0, 1157.0, 513.0)
        let radians = -4.0 * .pi / 180
        for (mine, theirs) in zip(tilted.blocks, upright.blocks) {
            let expected = theirs.location.map { corner -> Point in
                let dx = Double(corner.x) - w / 2, dy = Double(corner.y) - h / 2
                return Point(x: Int((dx * cos(radians) - dy * sin(radians) + tw / 2).rounded()),
                             y: Int((dx * sin(radians) + dy * cos(radians) + th / 2).rounded()))
            }
            assertClose(mine.location, expected, tolerance: 8)
        }
        // Without deskewing, the tilted lines are not level in the answer's coordinates.
        let first = tilted.blocks[0].location
        XCTAssertGreaterThan(abs(first[1].y - first[0].y), 20, "a 4° tilt over a long line shows in the quadrilateral")
    }

    private func assertClose(_ actual: [Point], _ expected: [Point], tolerance: Int, file: StaticString = #filePath, line: UInt = #line) {
        XCTAssertEqual(actual.count, 4, file: file, line: line)
        for (a, e) in zip(actual, expected) {
            XCTAssertLessThanOrEqual(max(abs(a.x - e.x), abs(a.y - e.y)), tolerance, "\(actual) vs \(expected)", file: file, line: line)
        }
    }

    func testCharSetRestrictsTheAnswer() async throws {
        let digits = try await reading.read(Fixtures.sample("digits_line.png"), .init(quickMode: true, charSet: .digit))
        let digitText = SampleReading.text(of: digits)
        XCTAssertTrue(digitText.contains("98"), digitText)
        XCTAssertTrue(digitText.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == " " }, digitText)
        let letters = try await reading.read(Fixtures.sample("en_line_1.png"), .init(quickMode: true, charSet: .letter))
        XCTAssertTrue(SampleReading.text(of: letters).unicodeScalars.allSatisfy { $0.properties.isAlphabetic && $0.isASCII || $0 == " " })
        XCTAssertLessThanOrEqual(ErrorRate.characterErrorRate(recognised: SampleReading.text(of: letters), reference: try Fixtures.sampleText("en_line_1.png")), 0.1)
    }

    func testQuickModeReadsAPrintedLineCutTightToItsInk() async throws {
        let line = try Fixtures.sample("print_line.png")  // cut tight to its ink
        let quick = try await reading.read(line, .init(quickMode: true))
        XCTAssertEqual(quick.blocks.count, 1)
        XCTAssertLessThanOrEqual(ErrorRate.characterErrorRate(recognised: SampleReading.text(of: quick), reference: try Fixtures.sampleText("print_line.png")), 0.02)
    }

    func testTheContractsErrorsComeFromTheEngineToo() async throws {
        try await reading.assertRefusesWhatTheContractRefuses()
        // The engine still works afterwards.
        _ = try await reading.assertReads("en_line_1.png", .init(quickMode: true), within: 0.12)
    }

    func testURLWithoutAFetcherIsAFetchFailure() async throws {
        let engine = try self.engine
        do {
            _ = try await engine.recognize(RecognitionInput(source: .url(URL(string: "http://127.0.0.1:9/a.png")!)))
            XCTFail("no fetcher, yet an answer")
        } catch let error as ServiceError {
            XCTAssertEqual(error.code, "ModelArts.4603")
        }
    }

    func testConcurrentAnswersEqualSerialOnes() async throws {
        let names = ["zh_line_1.png", "en_line_1.png", "zh_line_2.png", "en_line_2.png", "digits_line.png", "en_page.png"]
        let images = try names.map { try Fixtures.sample($0) }
        try await reading.assertConcurrentAnswersEqualSerialOnes(images)
    }

    func testCancelledWorkIsDroppedAndTheEngineCarriesOn() async throws {
        let engine = try TesseractRecognizer(.init(workers: 1))
        let page = try Fixtures.sample("en_page.png")
        let task = Task {
            try await withThrowingTaskGroup(of: Void.self) { group in
                for _ in 0..<20 { group.addTask { _ = try await engine.recognize(RecognitionInput(source: .bytes(page))) } }
                try await group.waitForAll()
            }
        }
        try await Task.sleep(for: .milliseconds(50))
        task.cancel()
        let started = Date()
        do {
            try await task.value
            XCTFail("20 pages on one worker should not all finish before the cancel")
        } catch is CancellationError {
        } catch let error as ServiceError {
            XCTAssertEqual(error.detail, "cancelled")
        }
        XCTAssertLessThan(Date().timeIntervalSince(started), 5, "queued pages are dropped, not read")
        _ = try await engine.recognize(RecognitionInput(source: .bytes(try Fixtures.sample("en_line_1.png")), options: .init(quickMode: true)))
    }
}
