import Foundation
import QuireText
import TestSupport
import XCTest

/// Issue 16: `quire import` of what other tools wrote, through the binary.
final class ImportCommandTests: XCTestCase {
    private var folder: URL!
    private var environment: [String: String] { ["OMP_THREAD_LIMIT": "1", "HOME": folder.path] }

    override func setUpWithError() throws { folder = try Fixtures.temporaryFolder() }
    override func tearDownWithError() throws { try? FileManager.default.removeItem(at: folder) }

    private func quire(_ arguments: [String]) throws -> QuireBinary.Outcome {
        try QuireBinary.run(arguments, in: folder, environment: environment)
    }

    private func exportedText(_ store: String) throws -> String {
        let out = folder.appendingPathComponent("text-" + (store as NSString).lastPathComponent)
        let export = try quire(["export", "--store", store, "--format", "txt", "--out", out.path])
        XCTAssertEqual(export.status, 0, export.errors)
        return try FileManager.default.contentsOfDirectory(atPath: out.path).sorted()
            .map { try String(contentsOf: out.appendingPathComponent($0), encoding: .utf8) }.joined()
    }

    /// Tesseract's hOCR and ALTO of a printed page import, export as Tesseract's own text,
    /// and are found by search; Quire's PAGE export of it imports into a new store as the same.
    func testTesseractsTranscriptsImportAndQuiresOwnPAGERoundTrips() throws {
        let image = folder.appendingPathComponent("print_page.png")
        try FileManager.default.copyItem(at: Fixtures.samples.appendingPathComponent("print_page.png"), to: image)
        try Spawn.run(["tesseract", image.path, folder.appendingPathComponent("print_page").path, "-l", "eng", "hocr", "alto", "txt"],
                      environment: ["OMP_THREAD_LIMIT": "1"], timeout: 120)
        let reference = try String(contentsOf: folder.appendingPathComponent("print_page.txt"), encoding: .utf8)
        let word = try XCTUnwrap(reference.split(whereSeparator: \.isWhitespace).map(String.init).first { $0.count >= 6 && $0.allSatisfy(\.isLetter) })

        for (file, store) in [("print_page.hocr", "hocr.db"), ("print_page.xml", "alto.db")] {
            let imported = try quire(["import", "--store", store, file])
            XCTAssertEqual(imported.status, 0, imported.errors)
            XCTAssertEqual(imported.output, "\(file): 1 page imported to print_page.png\n")
            let rate = ErrorRate.characterErrorRate(recognised: try exportedText(store), reference: reference)
            XCTAssertLessThanOrEqual(rate, 0.01, file)
            let found = try quire(["search", "--store", store, word])
            XCTAssertTrue(found.output.contains("print_page.png"), found.output + found.errors)
            let again = try quire(["import", "--store", store, file])
            XCTAssertEqual(again.output, "\(file): 0 pages imported to print_page.png\n")
            XCTAssertTrue(again.errors.contains("page 1: the store holds this reading already"), again.errors)
        }

        let export = try quire(["export", "--store", "hocr.db", "--format", "page", "--out", "page"])
        XCTAssertEqual(export.status, 0, export.errors)
        let pageFile = try XCTUnwrap(try FileManager.default.contentsOfDirectory(atPath: folder.appendingPathComponent("page").path).first)
        let roundTrip = try quire(["import", "--store", "again.db", "page"])  // the folder's file; its image is found in the folder above
        XCTAssertEqual(roundTrip.status, 0, roundTrip.errors)
        XCTAssertEqual(roundTrip.output, "page/\(pageFile): 1 page imported to print_page.png\n")
        XCTAssertEqual(try exportedText("again.db"), try exportedText("hocr.db"))
    }

    /// A broken file among good ones: said with its line, nothing of it kept, the others imported.
    func testABrokenFileIsSaidWithItsLineAndTheOthersAreImported() throws {
        try FileManager.default.copyItem(at: Fixtures.samples.appendingPathComponent("print_line.png"), to: folder.appendingPathComponent("line.png"))
        let good = """
            <?xml version="1.0" encoding="UTF-8"?>
            <PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">
              <Page imageFilename="line.png" imageWidth="935" imageHeight="39">
                <TextRegion id="r1"><TextLine id="l1"><Coords points="0,1 934,1 934,38 0,38"/>
                  <TextEquiv><Unicode>Received with thanks</Unicode></TextEquiv></TextLine></TextRegion>
              </Page>
            </PcGts>
            """
        try Data(good.utf8).write(to: folder.appendingPathComponent("good.xml"))
        try Data(good.replacingOccurrences(of: "934,38 0,38", with: "934,380 0,380").utf8).write(to: folder.appendingPathComponent("outside.xml"))
        try Data(good.replacingOccurrences(of: "</TextRegion>", with: "").utf8).write(to: folder.appendingPathComponent("broken.xml"))
        let run = try quire(["import", "--store", "s.db", "broken.xml", "outside.xml", "good.xml"])
        XCTAssertEqual(run.status, 1)
        XCTAssertTrue(run.errors.contains("broken.xml: line "), run.errors)
        XCTAssertTrue(run.errors.contains("outside.xml: line 4: coordinates outside the page image (935 x 39)"), run.errors)
        XCTAssertEqual(run.output, "good.xml: 1 page imported to line.png\n")
        let found = try quire(["search", "--store", "s.db", "thanks"])
        XCTAssertEqual(found.output.split(separator: "\n").count, 1, found.output)

        try FileManager.default.createDirectory(at: folder.appendingPathComponent("empty"), withIntermediateDirectories: true)
        let empty = try quire(["import", "--store", "s.db", "empty"])
        XCTAssertEqual(empty.status, 1)
        XCTAssertEqual(empty.errors, "quire: empty: no .xml, .hocr or .html file in it\n")
    }
}
