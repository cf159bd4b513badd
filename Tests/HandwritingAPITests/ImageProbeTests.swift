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

    /// Files other encoders wrote (ImageMagick, libjpeg, libtiff, by scripts/make-samples):
    /// the sizes their headers state are the ones ImageMagick's identify reads.
    func testFilesOtherEncodersWrote() throws {
        let cases: [(String, ImageFormat)] = [("en_line_1.jpg", .jpeg), ("en_page_rotated.png", .png),
                                              ("print_page.tif", .tiff), ("letter.tif", .tiff)]
        for (name, format) in cases {
            let path = Fixtures.samples.appendingPathComponent(name).path
            // The first page's size, for a multi-page TIFF.
            let stated = try Spawn.run(["identify-im6.q16", "-format", "%w %h\n", path]).split(separator: "\n")[0]
            let info = try ImageProbe.probe(Fixtures.sample(name)).get()
            XCTAssertEqual(info.format, format, name)
            XCTAssertEqual("\(info.width) \(info.height)", String(stated), name)
        }
    }

    func testATIFFWhosePagesLoopIsDamaged() {
        let looping = TestImages.tiffWithLoopingPages(TestImages.file(.tiff, width: 60, height: 40))
        XCTAssertEqual(ImageProbe.probe(looping), .failure(.malformed(.tiff, "its list of pages loops back on itself")))
        XCTAssertEqual(try ImageProbe.tiffPageCount(TestImages.file(.tiff, width: 60, height: 40)).get(), 1)
        XCTAssertThrowsError(try ImageValidation.check(looping)) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "AIS.0102")
        }
    }

    func testTruncationIsNoticedWithoutDecoding() {
        let jpeg = TestImages.file(.jpeg, width: 200, height: 100)
        XCTAssertEqual(ImageProbe.probe(jpeg.dropLast(2)), .failure(.truncated(.jpeg)))
        let png = TestImages.file(.png, width: 200, height: 100)
        XCTAssertEqual(ImageProbe.probe(png.dropLast(12)), .failure(.truncated(.png)))
    }
}
