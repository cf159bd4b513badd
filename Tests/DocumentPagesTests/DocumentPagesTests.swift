import DocumentPages
import Foundation
import HandwritingAPI
import TestSupport
import XCTest

final class DocumentPagesTests: XCTestCase {
    func testAFolderIsListedInTheOrderAPersonExpects() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        for name in ["page10.png", "page2.png", "Page3.TIF", ".hidden.png", "notes.txt", "scan.pdf"] {
            try Data("x".utf8).write(to: folder.appendingPathComponent(name))
        }
        XCTAssertEqual(try DocumentFiles.names(in: folder.path), ["page2.png", "Page3.TIF", "page10.png", "scan.pdf"])
    }

    func testMultiPageTIFFIsSplitIntoPages() throws {
        let pages = try DocumentPages.pages(of: Fixtures.sample("letter.tif"))
        XCTAssertEqual(pages.map(\.number), [1, 2])
        let sizes = try pages.map { try ImageProbe.probe($0.data).get() }
        XCTAssertEqual(sizes.map { [$0.width, $0.height] }, [[1127, 433], [341, 349]])
    }

    func testPDFPagesAreRendered() throws {
        let pages = try DocumentPages.pages(of: Fixtures.sample("letter.pdf"))
        XCTAssertEqual(pages.map(\.number), [1, 2])
        for page in pages {
            XCTAssertEqual(try ImageProbe.probe(page.data).get().format, .png)
        }
    }

    func testAnImageIsOnePageWithItsBytesUnchanged() throws {
        let png = try Fixtures.sample("en_line_1.png")
        let pages = try DocumentPages.pages(of: png)
        XCTAssertEqual(pages.count, 1)
        XCTAssertEqual(pages[0].data, png)
        // A single-page TIFF too.
        let tiff = try Fixtures.sample("print_page.tif")
        XCTAssertEqual(try DocumentPages.pages(of: tiff).map(\.data), [tiff])
    }

    /// A TIFF whose list of pages comes back to its start is refused at once: before,
    /// reading it never ended and memory grew by about 100 MB a second.
    func testATIFFWhosePagesLoopIsRefusedNotReadForEver() throws {
        for tiff in [TestImages.tiffWithLoopingPages(try Fixtures.sample("letter.tif")),
                     TestImages.tiffWithLoopingPages(TestImages.file(.tiff, width: 60, height: 40))] {
            XCTAssertThrowsError(try DocumentPages.pages(of: tiff)) { error in
                XCTAssertEqual((error as? ServiceError)?.code, "AIS.0102")
                XCTAssertTrue("\(error)".contains("loops back"), "\(error)")
            }
            XCTAssertEqual(DocumentPages.pageCount(of: tiff), 1)
        }
    }

    func testDamagedPDFIsAContractError() {
        XCTAssertThrowsError(try DocumentPages.pages(of: Data("%PDF-1.4\nthis is not really a pdf".utf8))) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "AIS.0102")
        }
        XCTAssertThrowsError(try DocumentPages.pages(ofFile: "/no/such/file.png")) { error in
            XCTAssertEqual((error as? ServiceError)?.code, "AIS.0101")
        }
    }
}
