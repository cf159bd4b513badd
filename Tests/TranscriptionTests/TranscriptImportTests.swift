import Foundation
import HandwritingAPI
import Testing
import TestSupport
import TranscriptStore
@testable import Transcription

/// Imports into a real store: pages of a multi-page image land on their own page, a file
/// that does not say which page it is refused, PAGE as eScriptorium writes it reviewed.
@Suite struct TranscriptImportTests {
    /// letter.tif has two pages (1127 x 433 and 341 x 349): each page's PAGE and ALTO
    /// export imports onto that page of a new store, the correction as the text.
    @Test func exportsOfTheSecondPageImportOntoTheSecondPage() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = folder.appendingPathComponent("letter.tif")
        try Fixtures.sample("letter.tif").write(to: image)
        let store = try SQLiteStore(path: folder.appendingPathComponent("a.db").path)
        let document = try Registration(store: store).register(path: image.path, data: try Data(contentsOf: image))
        #expect(document.pageCount == 2)
        for (page, text, size) in [(1, "Dear Margaret,", (1127, 433)), (2, "yours ever", (341, 349))] {
            try store.recordRun(documentID: document.id, page: page, engine: "ppocr", options: .init(), startedAt: Date(), duration: 1,
                                outcome: .success(HandwritingResult(blocks: [
                                    WordsBlock(words: text, confidence: 0.6, location: Rect(x0: 10, y0: 10, x1: 300, y1: 60).corners),
                                ])), imageSize: size)
        }
        try store.correct(blockID: try #require(try store.currentBlocks(of: document.id, page: 2)[0].block.id), text: "yours ever, J.", reviewed: true)

        for format in [ExportFormat.page, .alto] {
            let written = try Exporter.write(try store.exportDocuments(), as: format, to: folder.appendingPathComponent(format.rawValue))
            let second = try #require(written.first { $0.lastPathComponent.contains(".p2.") })
            let target = try SQLiteStore(path: folder.appendingPathComponent("\(format.rawValue).db").path)
            let outcome = try TranscriptImport(store: target).importFile(second.path)  // letter.tif is found in the folder above
            #expect(outcome.imported == [2], "\(format)")
            #expect(try target.currentBlocks(of: document.id, page: 1).isEmpty, "\(format): page 1 untouched")
            #expect(try target.currentBlocks(of: document.id, page: 2).map(\.text) == ["yours ever, J."], "\(format)")
        }
    }

    /// PAGE that does not say which page it is, for a two-page image: which page it would
    /// replace cannot be known, so nothing is imported.
    @Test func anUnnumberedPageOfAMultiPageImageIsRefused() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.sample("letter.tif").write(to: folder.appendingPathComponent("letter.tif"))
        let file = folder.appendingPathComponent("letter.xml")
        try Data(TranscriptDiscoveryTests.page(image: "letter.tif", text: "which page?").utf8).write(to: file)
        let store = try SQLiteStore(path: folder.appendingPathComponent("q.db").path)
        #expect {
            try TranscriptImport(store: store).importFile(file.path)
        } throws: { error in
            "\(error)".contains("does not say which of the 2 pages")
        }
        #expect(try store.pageCounts(threshold: 0.8).isEmpty)
    }

    /// ALTO pages say which they are with PHYSICAL_IMG_NR: Tesseract counts from 0, others from 1.
    @Test func altoPageNumbersCountFromZeroOnlyWhereAPageIsZero() throws {
        func numbers(_ physical: [Int]) throws -> [Int] {
            let pages = physical.map { "<Page PHYSICAL_IMG_NR=\"\($0)\" WIDTH=\"10\" HEIGHT=\"10\"/>" }.joined()
            let xml = "<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v4#\"><Layout>\(pages)</Layout></alto>"
            return try TranscriptFile.read(Data(xml.utf8)).pages.map(\.number)
        }
        #expect(try numbers([0]) == [1])
        #expect(try numbers([0, 1]) == [1, 2])
        #expect(try numbers([2]) == [2])
        #expect(try numbers([1, 3]) == [1, 3])
    }

    /// PAGE as eScriptorium exports it: the 2019 namespace, its `eSc_` ids, lines without a
    /// region in a dummy block, polygons of many points, no confidence. Each line is
    /// imported in order with its polygon's box, and needs review.
    @Test func pageAsEScriptoriumWritesItImportsForReview() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.sample("en_line_1.png").write(to: folder.appendingPathComponent("en_line_1.png"))
        let xml = """
            <?xml version="1.0" encoding="UTF-8"  standalone="yes"?>
            <PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15" xmlns:xsi="http://www.w3.org/2001/XMLSchema-instance">
              <Metadata><Creator>escriptorium</Creator><Created>2024-05-02T09:12:44.110312+00:00</Created><LastChange>2024-05-02T09:14:01.020202+00:00</LastChange></Metadata>
              <Page imageFilename="en_line_1.png" imageWidth="1285" imageHeight="129">
                <TextRegion id="eSc_textblock_41c2" custom="structure {type:Main;}">
                  <Coords points="5,5 1280,5 1280,70 5,70"/>
                  <TextLine id="eSc_line_aa01" custom="structure {type:default;}">
                    <Coords points="12,10 400,8 640,12 900,9 1270,14 1270,60 900,58 640,62 400,57 12,60"/>
                    <Baseline points="12,52 640,55 1270,53"/>
                    <TextEquiv><Unicode>the first line &amp; more</Unicode></TextEquiv>
                  </TextLine>
                </TextRegion>
                <TextRegion id="eSc_dummyblock_">
                  <TextLine id="eSc_line_aa02">
                    <Coords points="12,70 1270,72 1268,120 14,118"/>
                    <Baseline points="12,112 1270,114"/>
                    <TextEquiv><Unicode>a line without a region</Unicode></TextEquiv>
                  </TextLine>
                </TextRegion>
              </Page>
            </PcGts>
            """
        let file = folder.appendingPathComponent("export_doc12_en_line_1_pagexml.xml")
        try Data(xml.utf8).write(to: file)
        let store = try SQLiteStore(path: folder.appendingPathComponent("e.db").path)
        let outcome = try TranscriptImport(store: store).importFile(file.path)
        #expect(outcome.engine == "import:escriptorium" && outcome.imported == [1])
        let blocks = try store.currentBlocks(of: outcome.documentID, page: 1)
        #expect(blocks.map(\.text) == ["the first line & more", "a line without a region"])
        #expect(blocks[0].block.points == Rect(x0: 12, y0: 8, x1: 1270, y1: 62).corners)
        #expect(blocks[1].block.points == [Point(x: 12, y: 70), Point(x: 1270, y: 72), Point(x: 1268, y: 120), Point(x: 14, y: 118)])
        let counts = try #require(try store.pageCounts(threshold: 0.05)[outcome.documentID]?[1])
        #expect(counts.needingReview == 2, "no confidence: reviewed whatever the threshold")
    }

    /// ALTO as libraries deliver it, measured in 1/1200 inches: laid on the image by the
    /// page's size in those units (a scan at 300 dpi is a quarter of them); without the
    /// page's size it cannot be, and is refused.
    @Test func altoInInchesIsLaidOnTheImageByThePagesSize() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        try Fixtures.sample("print_page.png").write(to: folder.appendingPathComponent("print_page.png"))  // 826 x 333
        func alto(page: String) -> String {
            """
            <alto xmlns="http://www.loc.gov/standards/alto/ns-v2#"><Description><MeasurementUnit>inch1200</MeasurementUnit>
            <sourceImageInformation><fileName>print_page.png</fileName></sourceImageInformation></Description>
            <Layout>\(page)<PrintSpace><TextBlock><TextLine HPOS="160" VPOS="180" WIDTH="2976" HEIGHT="100">
            <String CONTENT="The" WC="0.9"/><String CONTENT="committee" WC="0.7"/></TextLine></TextBlock></PrintSpace></Page></Layout></alto>
            """
        }
        try Data(alto(page: "<Page ID=\"p1\" WIDTH=\"3304\" HEIGHT=\"1332\">").utf8).write(to: folder.appendingPathComponent("sized.xml"))
        try Data(alto(page: "<Page ID=\"p1\">").utf8).write(to: folder.appendingPathComponent("unsized.xml"))
        let store = try SQLiteStore(path: folder.appendingPathComponent("i.db").path)
        let outcome = try TranscriptImport(store: store).importFile(folder.appendingPathComponent("sized.xml").path)
        let blocks = try store.currentBlocks(of: outcome.documentID, page: 1)
        #expect(blocks.map(\.text) == ["The committee"])
        #expect(blocks.first?.block.points == Rect(x0: 40, y0: 45, x1: 784, y1: 70).corners)
        #expect(abs((blocks.first?.block.confidence ?? 0) - 0.8) < 1e-9)
        #expect {
            try TranscriptImport(store: store).importFile(folder.appendingPathComponent("unsized.xml").path)
        } throws: { error in
            "\(error)".contains("measured in inch1200 without its WIDTH and HEIGHT")
        }
    }
}
