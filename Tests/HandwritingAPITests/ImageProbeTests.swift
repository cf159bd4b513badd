import Foundation
import HandwritingAPI
import TestSupport
import XCTest

final class ImageProbeTests: XCTestCase {
    func testReadsFormatAndSizeOfEveryAcceptedFormat() throws {
        let cases: [(TestImages.Format, ImageFormat)] = [(.png, .png), (.jpeg, .jpeg), (.bmp, .bmp), (.tiff, .tiff)]
        for (made, expected) in cases {
            let info = try ImageProbe.probe(TestImages.file(made, width: 123, height: 45)).get()
            XCTAssertEqual(info, ImageInfo(format: expected, width: 123, height: 45), "\(made)")
        }
    }

    func testBigEndianTIFF() throws {
        let info = try ImageProbe.probe(TestImages.bigEndianTIFF(width: 300, height: 20)).get()
        XCTAssertEqual(info, ImageInfo(format: .tiff, width: 300, height: 20))
    }

    func testRealEvaluationImages() throws {
        // Sizes as the files' headers state them (JPEG, PNG, TIFF from real sources).
        let expected: [(String, ImageFormat, Int, Int)] = [
            ("print_en_page_phototest-rotated-R.png", .png, 480, 640),
        ]
        for (name, format, width, height) in expected {
            XCTAssertEqual(try ImageProbe.probe(Fixtures.evalImage(name)).get(), ImageInfo(format: format, width: width, height: height))
        }
        let jpeg = try ImageProbe.probe(Fixtures.evalImage("hw_en_para_a01-000u.jpg")).get()
        XCTAssertEqual(jpeg.format, .jpeg)
        XCTAssertGreaterThan(jpeg.width, 100)
        let tiff = try ImageProbe.probe(Fixtures.evalImage("print_en_page_phototest.tif")).get()
        XCTAssertEqual(tiff.format, .tiff)
        XCTAssertEqual([tiff.width, tiff.height], [640, 480])
    }

    func testTruncationIsNoticedWithoutDecoding() {
        let jpeg = TestImages.file(.jpeg, width: 200, height: 100)
        XCTAssertEqual(ImageProbe.probe(jpeg.dropLast(2)), .failure(.truncated(.jpeg)))
        let png = TestImages.file(.png, width: 200, height: 100)
        XCTAssertEqual(ImageProbe.probe(png.dropLast(12)), .failure(.truncated(.png)))
    }
}
