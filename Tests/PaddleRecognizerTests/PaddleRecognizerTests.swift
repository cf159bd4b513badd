import AutoRecognizer
import Foundation
import HandwritingAPI
import Leptonica
import PaddleRecognizer
import QuireText
import TesseractRecognizer
import TestSupport
import XCTest

final class PaddleRecognizerTests: XCTestCase {
    private var engine: PaddleRecognizer { get throws { try SharedEngines.paddle.get() } }

    private var reading: SampleReading { get throws { SampleReading(try engine) } }

    /// The samples are lines with wide margins (about 40 px of ink in 130): read cut to
    /// their ink, and located by it.
    func testQuickModeReadsTheWholeImageAsOneLine() async throws {
        for (sample, result) in try await reading.assertReadsEachLineAsOneBlock(within: 0.12) where result.blocks.count == 1 {
            let size = try ImageProbe.probe(Fixtures.sample(sample)).get()
            let box = result.blocks[0].location
            XCTAssertTrue(box[0].x > 20 && box[0].y > 20 && box[2].x < size.width - 20 && box[2].y < size.height - 20, "\(sample): \(box)")
            XCTAssertTrue((0.5...1).contains(result.blocks[0].confidence), "\(result.blocks[0].confidence)")
        }
        // A line cut tightly to its ink, as scanned archives cut them, is located as the whole image.
        let tight = try Fixtures.sample("zh_line_tight.png")
        let size = try ImageProbe.probe(tight).get()
        let result = try await reading.read(tight, .init(quickMode: true))
        XCTAssertEqual(result.blocks.map(\.location), [Rect(x0: 0, y0: 0, x1: size.width, y1: size.height).corners])
    }

    func testReadsPagesLineByLineInOrder() async throws {
        let english = try await reading.assertReads("en_page.png", within: 0.03)
        XCTAssertEqual(english.blocks.count, 7)
        let ys = english.blocks.map { $0.location[0].y }
        XCTAssertEqual(ys, ys.sorted(), "lines top to bottom")
        let chinese = try await reading.assertReads("zh_page.png", within: 0.0)
        XCTAssertEqual(chinese.blocks.count, 4)
    }

    /// Chinese written with a brush (the samples' Kai hand), in quick mode, with margins
    /// and cut tight. Real writers are measured by `quire-bench engines` on an evaluation
    /// folder, where PP-OCRv6 reads Chinese handwriting lines at a CER of about 0.02.
    func testReadsChineseWrittenWithABrush() async throws {
        var edits = 0, length = 0
        for name in ["zh_line_1.png", "zh_line_2.png", "zh_line_tight.png"] {
            let result = try await reading.read(Fixtures.sample(name), .init(quickMode: true))
            let count = ErrorRate.characterEdits(recognised: SampleReading.text(of: result), reference: try Fixtures.sampleText(name))
            edits += count.edits
            length += count.length
        }
        XCTAssertLessThanOrEqual(Double(edits) / Double(length), 0.05, "\(edits) edits in \(length) characters")
    }

    func testCharSetMasksTheRecognizersClasses() async throws {
        let digits = SampleReading.text(of: try await reading.read(Fixtures.sample("digits_line.png"), .init(quickMode: true, charSet: .digit)))
        XCTAssertTrue(digits.contains("4711") && digits.contains("98"), digits)
        XCTAssertTrue(digits.unicodeScalars.allSatisfy { ("0"..."9").contains($0) || $0 == " " }, digits)
        let letters = SampleReading.text(of: try await reading.read(Fixtures.sample("zh_line_1.png"), .init(quickMode: true, charSet: .letter)))
        XCTAssertTrue(letters.unicodeScalars.allSatisfy { $0.isASCII && ($0.properties.isAlphabetic || $0 == " ") }, letters)
    }

    /// The page turned a quarter clockwise reads as the upright page, and each block's
    /// location is where the upright page's block lands after the turn: (x, y) -> (h - y, x).
    func testDetectDirectionTurnsAQuarterTurnedPageBack() async throws {
        let upright = try await reading.read(Fixtures.sample("en_page.png"))
        let turned = try await reading.assertReads("en_page_rotated.png", .init(detectDirection: true), within: 0.03)
        XCTAssertEqual(turned.blocks.map(\.words), upright.blocks.map(\.words))
        let height = 433  // en_page.png is 1127 x 433
        for (mine, theirs) in zip(turned.blocks, upright.blocks) {
            let expected = Set(theirs.location.map { Point(x: height - $0.y, y: $0.x) })
            for corner in mine.location {
                let nearest = expected.map { max(abs($0.x - corner.x), abs($0.y - corner.y)) }.min() ?? .max
                XCTAssertLessThanOrEqual(nearest, 4, "\(mine.location) vs \(expected)")
            }
        }
    }

    /// Without detect_direction, a page turned a quarter clockwise reads in its text's
    /// own order: its lines run down the page, the first one rightmost.
    func testAPageOnItsSideReadsInOrderWithoutDetectDirection() async throws {
        let upright = try await reading.read(Fixtures.sample("en_page.png"))
        let page = try XCTUnwrap(Image(decoding: try Fixtures.sample("en_page.png")))
        let turned = try XCTUnwrap(page.turned(quarterTurns: 1)?.pngData())
        let result = try await reading.read(turned)
        XCTAssertEqual(result.blocks.count, upright.blocks.count)
        let cer = ErrorRate.characterErrorRate(recognised: SampleReading.text(of: result), reference: SampleReading.text(of: upright))
        XCTAssertLessThanOrEqual(cer, 0.05, SampleReading.text(of: result))
    }

    /// A line upside down, in quick mode with detect_direction, reads as the line upright.
    func testDetectDirectionTurnsAnUpsideDownLineRound() async throws {
        let upright = try Fixtures.sample("zh_line_2.png")
        let turned = try XCTUnwrap(Image(decoding: upright)?.turned(quarterTurns: 2)?.pngData())
        let asIs = SampleReading.text(of: try await reading.read(upright, .init(quickMode: true)))
        let turnedBack = SampleReading.text(of: try await reading.read(turned, .init(quickMode: true, detectDirection: true)))
        XCTAssertEqual(turnedBack, asIs)
        let upsideDown = SampleReading.text(of: try await reading.read(turned, .init(quickMode: true)))
        XCTAssertNotEqual(upsideDown, asIs, "without detect_direction it reads upside down")
    }

    func testTheContractsErrorsComeFromTheEngineToo() async throws {
        try await reading.assertRefusesWhatTheContractRefuses()
        _ = try await reading.assertReads("en_line_1.png", .init(quickMode: true), within: 0.05)
    }

    func testConcurrentAnswersEqualSerialOnes() async throws {
        let images = try ["zh_line_1.png", "en_page.png", "zh_page.png", "en_line_2.png"].map { try Fixtures.sample($0) }
        try await reading.assertConcurrentAnswersEqualSerialOnes(images)
    }

    func testMissingFilesNameTheSetUpCommand() throws {
        let empty = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: empty) }
        XCTAssertThrowsError(try PaddleRecognizer(.init(workers: 1, files: PaddleFiles(folder: empty.path)))) { error in
            XCTAssertTrue(String(describing: error).contains("scripts/setup"), "\(error)")
        }
    }

    /// auto reads handwriting and Chinese with PP-OCR and printed Latin pages with Tesseract.
    func testAutoChoosesTheEngineThatSuitsThePage() async throws {
        let paddle = try engine
        let tesseract = try TesseractRecognizer(.init(workers: 1))
        let auto = AutoRecognizer(paddle: paddle, tesseract: tesseract)
        func answers(_ data: Data, _ options: RecognitionOptions = .init()) async throws -> [HandwritingResult] {
            let input = RecognitionInput(source: .bytes(data), options: options)
            return [try await auto.recognize(input), try await paddle.recognize(input), try await tesseract.recognize(input)]
        }
        let printed = try await answers(Fixtures.sample("print_page.tif"))
        XCTAssertEqual(printed[0], printed[2], "a printed page is Tesseract's")
        XCTAssertNotEqual(printed[0], printed[1])
        let handwritten = try await answers(Fixtures.sample("zh_line_tight.png"), .init(quickMode: true))
        XCTAssertEqual(handwritten[0], handwritten[1], "a line of handwriting is PP-OCR's")
        let letter = try await answers(Fixtures.sample("zh_page.png"))
        XCTAssertEqual(letter[0], letter[1], "a Chinese page is PP-OCR's")
        // Handwriting PP-OCRv6 reads with a confidence near print's: Tesseract is not
        // sure of it, so the page stays PP-OCR's.
        let english = try await answers(Fixtures.sample("en_hand_page.png"))
        XCTAssertEqual(english[0], english[1], "a handwritten English page is PP-OCR's")
        XCTAssertNotEqual(english[0], english[2])
    }

    /// English lettered by hand (the samples' Humor Sans), in quick mode. Real writers
    /// are measured by `quire-bench engines`: on IAM lines PP-OCRv6 reads about 0.13,
    /// where Tesseract and PP-OCRv4 read about 0.4.
    func testReadsEnglishLetteredByHand() async throws {
        var edits = 0, length = 0
        for name in ["en_line_1.png", "en_line_2.png", "en_line_1.jpg", "digits_line.png"] {
            let result = try await reading.read(Fixtures.sample(name), .init(quickMode: true))
            let count = ErrorRate.characterEdits(recognised: SampleReading.text(of: result), reference: try Fixtures.sampleText(name))
            edits += count.edits
            length += count.length
        }
        XCTAssertLessThanOrEqual(Double(edits) / Double(length), 0.2, "\(edits) edits in \(length) characters")
    }

    /// A model set is any folder with a det, a rec and a cls model, whatever else they
    /// are called; a folder short of one, or with two of a kind, is refused by name.
    func testAModelSetIsAFolderOfThreeModels() throws {
        let standard = try PaddleFiles.standard.modelSet()
        XCTAssertEqual(standard.name, PaddleFiles.defaultSet)
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let mine = folder.appendingPathComponent("my-set")
        try FileManager.default.createDirectory(at: mine, withIntermediateDirectories: true)
        for (source, name) in [(standard.detector, "en_det_server.onnx"), (standard.recognizer, "latin-rec-v5.onnx")] {
            try FileManager.default.createSymbolicLink(atPath: mine.appendingPathComponent(name).path, withDestinationPath: source)
        }
        let files = PaddleFiles(folder: folder.path, models: mine.path)
        XCTAssertThrowsError(try files.modelSet()) { error in
            XCTAssertTrue(String(describing: error).contains("no orientation classification model"), "\(error)")
        }
        try FileManager.default.createSymbolicLink(atPath: mine.appendingPathComponent("cls.onnx").path, withDestinationPath: standard.classifier)
        let set = try files.modelSet()
        XCTAssertEqual([set.detector, set.recognizer, set.classifier].map { ($0 as NSString).lastPathComponent },
                       ["en_det_server.onnx", "latin-rec-v5.onnx", "cls.onnx"])
        XCTAssertEqual(PaddleFiles(folder: folder.path, models: nil).modelFolder, folder.appendingPathComponent(PaddleFiles.defaultSet).path)
        XCTAssertEqual(files.availableSets(), ["my-set"])
        try FileManager.default.createSymbolicLink(atPath: mine.appendingPathComponent("other_rec.onnx").path, withDestinationPath: standard.recognizer)
        XCTAssertThrowsError(try files.modelSet()) { error in
            XCTAssertTrue(String(describing: error).contains("several recognition models"), "\(error)")
        }
        XCTAssertThrowsError(try PaddleFiles(folder: folder.path, models: folder.appendingPathComponent("none").path).modelSet()) { error in
            XCTAssertTrue(String(describing: error).contains("does not exist"), "\(error)")
        }
    }
}
