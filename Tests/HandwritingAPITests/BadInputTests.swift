import Foundation
import HandwritingAPI
import TestSupport
import XCTest

/// The bad-input corpus: each item gets its exact contract error (code, message,
/// status) from the service's own checks, and nothing crashes.
final class BadInputTests: XCTestCase {
    /// A body as a client would send it, for an image file's bytes.
    private func body(image data: Data, extra: String = "") -> Data {
        Data(#"{"image": "\#(data.base64EncodedString())"\#(extra)}"#.utf8)
    }

    private func assertRejected(_ body: Data, as expected: ServiceError, file: StaticString = #filePath, line: UInt = #line) {
        do {
            let input = try HandwritingRequest.decode(body).validated()
            XCTFail("accepted: \(input.options)", file: file, line: line)
        } catch {
            XCTAssertEqual(error.code, expected.code, "\(error)", file: file, line: line)
            XCTAssertEqual(error.message, expected.message, file: file, line: line)
            XCTAssertEqual(error.httpStatus, expected.httpStatus, file: file, line: line)
        }
    }

    func testZeroBytes() {
        assertRejected(body(image: Data()), as: .invalidParameter)  // an empty image field is no image
        XCTAssertThrowsError(try ImageValidation.check(Data())) { XCTAssertEqual(($0 as? ServiceError)?.code, "AIS.0102") }
    }

    func testTruncatedPNG() {
        let png = TestImages.file(.png, width: 64, height: 32)
        for cut in [20, 40, png.count - 5] {
            assertRejected(body(image: png.prefix(cut)), as: .unsupportedFormat)
        }
    }

    func testTruncatedJPEG() {
        let jpeg = TestImages.file(.jpeg, width: 64, height: 32)
        for cut in [10, jpeg.count / 2, jpeg.count - 2] {
            assertRejected(body(image: jpeg.prefix(cut)), as: .unsupportedFormat)
        }
    }

    func testGIF() {
        let gif = Data("GIF89a".utf8) + Data([0x10, 0x00, 0x10, 0x00, 0x80, 0x00, 0x00]) + Data(repeating: 0, count: 40)
        assertRejected(body(image: gif), as: .unsupportedFormat)
    }

    func testTextFileNamedJPG() {
        assertRejected(body(image: Data("This is not a picture, only text saved as scan.jpg\n".utf8)), as: .unsupportedFormat)
    }

    func testFourByFourImage() {
        for format in [TestImages.Format.png, .jpeg, .bmp, .tiff] {
            assertRejected(body(image: TestImages.file(format, width: 4, height: 4)), as: .badImageSize)
        }
    }

    func testSideOver8192() {
        assertRejected(body(image: TestImages.file(.png, width: 9000, height: 20)), as: .badImageSize)
        assertRejected(body(image: TestImages.file(.jpeg, width: 20, height: 9000)), as: .badImageSize)
    }

    func testOver10MBEncoded() {
        // 8 MB of bytes is 10.7 MB of base64, over the contract's 10 MB.
        let png = TestImages.file(.png, width: 100, height: 100)
        var large = png
        large.append(Data(count: 8 * 1024 * 1024))
        assertRejected(body(image: large), as: .badImageSize)
    }

    func testInvalidBase64() {
        assertRejected(Data(#"{"image": "not*base64!"}"#.utf8), as: .unsupportedFormat)
        assertRejected(Data(#"{"image": "iVBORw0KGgo"}"#.utf8), as: .unsupportedFormat)  // unpadded
        assertRejected(Data(#"{"image": "iVBO Rw0K"}"#.utf8), as: .unsupportedFormat)  // whitespace
    }

    func testDataURIPrefix() {
        let png = TestImages.file(.png, width: 64, height: 32)
        assertRejected(Data(#"{"image": "data:image/png;base64,\#(png.base64EncodedString())"}"#.utf8), as: .unsupportedFormat)
    }

    func testBothOrNeitherOfImageAndURL() {
        let png = TestImages.file(.png, width: 64, height: 32)
        assertRejected(body(image: png, extra: #", "url": "https://example.com/a.png""#), as: .invalidParameter)
        assertRejected(Data(#"{"quick_mode": true}"#.utf8), as: .invalidParameter)
    }

    func testUnknownCharSet() {
        let png = TestImages.file(.png, width: 64, height: 32)
        assertRejected(body(image: png, extra: #", "char_set": "chinese""#), as: .invalidParameter)
    }

    func testURLThatIsNotHTTP() {
        for address in ["ftp://example.com/a.png", "file:///etc/passwd", "gopher://x/1", "javascript:alert(1)"] {
            assertRejected(Data(#"{"url": "\#(address)"}"#.utf8), as: .urlNotAllowed)
        }
        assertRejected(Data(#"{"url": "https://example.com/文.png"}"#.utf8), as: .invalidParameter)
    }

    func testMalformedJSONAndWrongTypes() {
        assertRejected(Data(#"{"image": "#.utf8), as: .malformedJSON)
        assertRejected(Data("".utf8), as: .malformedJSON)
        assertRejected(Data(#"{"url": "https://example.com/a.png", "quick_mode": "yes"}"#.utf8), as: .invalidParameter)
        assertRejected(Data(#"["image"]"#.utf8), as: .invalidParameter)
    }

    func testAGoodRequestPasses() throws {
        let png = TestImages.file(.png, width: 640, height: 48)
        let input = try HandwritingRequest.decode(body(image: png, extra: #", "quick_mode": true, "char_set": "digit_letter""#)).validated()
        XCTAssertEqual(input.source, .bytes(png))
        XCTAssertEqual(input.options, RecognitionOptions(quickMode: true, charSet: .digitLetter, detectDirection: false))
        let url = try HandwritingRequest.decode(Data(#"{"url": "https://example.com/a%20b.png"}"#.utf8)).validated()
        XCTAssertEqual(url.source, .url(URL(string: "https://example.com/a%20b.png")!))
    }

    /// A client request built from an input decodes back to the same input.
    func testClientRequestRoundTrips() throws {
        let png = TestImages.file(.bmp, width: 30, height: 30)
        let input = RecognitionInput(source: .bytes(png), options: .init(quickMode: true, charSet: .digit, detectDirection: true))
        let body = try JSONEncoder().encode(HandwritingRequest(input))
        XCTAssertEqual(try HandwritingRequest.decode(body).validated(), input)
    }

    func testMinimumSideIsASetting() throws {
        let small = TestImages.file(.png, width: 10, height: 10)
        XCTAssertNoThrow(try ImageValidation.check(small))
        XCTAssertThrowsError(try ImageValidation.check(small, limits: ImageLimits(minimumSide: 15)))
    }
}
