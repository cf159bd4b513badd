import Foundation
import HandwritingAPI
import QuireText
import Testing
import TestSupport
import TranscriptStore
@testable import Transcription

/// Transcripts other tools made, read back: Tesseract's own hOCR and ALTO of a printed
/// page, Quire's exports, PAGE shaped as Transkribus writes it, and files that must be refused.
@Suite struct TranscriptFileTests {
    /// Tesseract's hOCR and ALTO of the printed page (written by the tesseract command),
    /// and its plain text to compare with.
    @Test func tesseractsHOCRAndALTOReadAsItsOwnText() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let image = Fixtures.samples.appendingPathComponent("print_page.png").path
        let out = folder.appendingPathComponent("page").path
        try Spawn.run(["tesseract", image, out, "-l", "eng", "hocr", "alto", "txt"], environment: ["OMP_THREAD_LIMIT": "1"], timeout: 120)
        let reference = try String(contentsOfFile: out + ".txt", encoding: .utf8)
        for file in [out + ".hocr", out + ".xml"] {
            let transcript = try TranscriptFile.read(try Data(contentsOf: URL(fileURLWithPath: file)))
            #expect(transcript.source == "tesseract")
            #expect(transcript.pages.count == 1)
            let page = try #require(transcript.pages.first)
            #expect(page.image == image)
            #expect(page.width != nil && page.height != nil)
            let text = page.lines.map(\.text).joined(separator: "\n")
            let rate = ErrorRate.characterErrorRate(recognised: text, reference: reference)
            #expect(rate <= 0.01, "\(file): CER \(rate)\n\(text)\n---\n\(reference)")
            #expect(page.lines.allSatisfy { ($0.confidence ?? -1) > 0.3 && $0.polygon.count == 4 })
            #expect(page.lines.allSatisfy { $0.polygon.allSatisfy { $0.x >= 0 && $0.x <= page.width! && $0.y >= 0 && $0.y <= page.height! } })
        }
    }

    /// Quire's own PAGE, ALTO and hOCR exports: the same text (corrections included),
    /// boxes and confidences on text nobody corrected.
    @Test func quiresOwnExportsReadBack() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let store = try SQLiteStore(path: folder.appendingPathComponent("quire.db").path)
        let document = try store.addDocument(name: "letter.png", path: "letter.png", data: Data("letter".utf8), pageCount: 1)
        let lines = [("Dear Margaret,", 0.91, Rect(x0: 40, y0: 30, x1: 600, y1: 80)), ("大江东去浪淘尽", 0.42, Rect(x0: 40, y0: 100, x1: 700, y1: 160)),
                     ("with love & <thanks>", 0.77, Rect(x0: 40, y0: 180, x1: 500, y1: 230))]
        try store.recordRun(documentID: document.id, page: 1, engine: "ppocr", options: .init(), startedAt: Date(), duration: 1,
                            outcome: .success(HandwritingResult(blocks: lines.map { WordsBlock(words: $0.0, confidence: $0.1, location: $0.2.corners) })),
                            imageSize: (800, 1000))
        let second = try #require(try store.currentBlocks(of: document.id, page: 1)[1].block.id)
        try store.correct(blockID: second, text: "大江東去浪淘盡", reviewed: true)
        for format in [ExportFormat.page, .alto, .hocr] {
            let file = try #require(try Exporter.write(try store.exportDocuments(), as: format, to: folder.appendingPathComponent(format.rawValue)).first)
            let transcript = try TranscriptFile.read(try Data(contentsOf: file))
            #expect(transcript.source == "quire" || format == .alto, "\(format)")
            let page = try #require(transcript.pages.first)
            #expect(page.image == "letter.png" && page.width == 800 && page.height == 1000, "\(format)")
            #expect(page.lines.map(\.text) == ["Dear Margaret,", "大江東去浪淘盡", "with love & <thanks>"], "\(format)")
            let boxes = page.lines.map { line in
                Rect(x0: line.polygon.map(\.x).min() ?? 0, y0: line.polygon.map(\.y).min() ?? 0,
                     x1: line.polygon.map(\.x).max() ?? 0, y1: line.polygon.map(\.y).max() ?? 0)
            }
            #expect(boxes == lines.map(\.2), "\(format)")
            #expect(page.lines.map(\.confidence).compactMap { $0 }.count >= 2, "\(format): the uncorrected lines keep their confidence")
        }
    }

    /// PAGE as Transkribus and eScriptorium write it: the 2013 namespace, regions read in
    /// ReadingOrder (not file order), Baselines beside Coords, words with text of their own.
    @Test func pageAsTranskribusWritesItFollowsItsReadingOrder() throws {
        let xml = """
            <?xml version="1.0" encoding="UTF-8" standalone="yes"?>
            <PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2013-07-15">
              <Metadata><Creator>prov=READ-COOP:name=PyXRIF:version=2.9.4;Transkribus</Creator><Created>2024-01-01T10:00:00</Created></Metadata>
              <Page imageFilename="0001.jpg" imageWidth="2000" imageHeight="3000">
                <ReadingOrder><OrderedGroup id="ro_1" caption="Regions reading order">
                  <RegionRefIndexed index="1" regionRef="r2"/><RegionRefIndexed index="0" regionRef="r1"/>
                </OrderedGroup></ReadingOrder>
                <TextRegion id="r2" custom="readingOrder {index:1;}"><Coords points="100,900 1900,900 1900,1200 100,1200"/>
                  <TextLine id="r2l1"><Coords points="110,910 1800,910 1800,990 110,990"/><Baseline points="110,980 1800,980"/>
                    <TextEquiv conf="0.87"><Unicode>second region</Unicode></TextEquiv></TextLine>
                </TextRegion>
                <TextRegion id="r1"><Coords points="100,100 1900,100 1900,800 100,800"/>
                  <TextLine id="r1l1"><Coords points="110,110 900,105 905,190 115,195"/><Baseline points="110,180 900,175"/>
                    <Word id="w1"><Coords points="110,110 400,110 400,190 110,190"/><TextEquiv><Unicode>first</Unicode></TextEquiv></Word>
                    <Word id="w2"><Coords points="420,110 900,110 900,190 420,190"/><TextEquiv><Unicode>line</Unicode></TextEquiv></Word>
                  </TextLine>
                </TextRegion>
              </Page>
            </PcGts>
            """
        let transcript = try TranscriptFile.read(Data(xml.utf8))
        #expect(transcript.source == "transkribus" && transcript.format == .page)
        let page = try #require(transcript.pages.first)
        #expect(page.lines.map(\.text) == ["first line", "second region"])
        #expect(page.lines.map(\.confidence) == [nil, 0.87])
        #expect(page.lines[0].polygon == [Point(x: 110, y: 110), Point(x: 900, y: 105), Point(x: 905, y: 190), Point(x: 115, y: 195)])
    }

    @Test func badFilesAreRefusedWithTheirLine() throws {
        let folder = try Fixtures.temporaryFolder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let secret = folder.appendingPathComponent("secret.txt")
        try Data("the secret text".utf8).write(to: secret)
        let cases: [(String, String)] = [
            ("<?xml version=\"1.0\"?>\n<PcGts xmlns=\"http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15\">\n<Page>\n</PcGts>",
             "line 4: malformed XML"),
            ("<alto xmlns=\"http://www.loc.gov/standards/alto/ns-v9#\"/>", "line 1: unknown ALTO namespace"),
            ("<svg xmlns=\"http://www.w3.org/2000/svg\"/>", "neither PAGE XML, ALTO nor hOCR"),
            ("""
             <?xml version="1.0"?>
             <!DOCTYPE lolz [<!ENTITY lol "lol"><!ENTITY lol2 "&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;&lol;">
             <!ENTITY lol3 "&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;&lol2;">]>
             <alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><TextLine HPOS="0" VPOS="0" WIDTH="1" HEIGHT="1"><String CONTENT="&lol3;"/></TextLine></Page></Layout></alto>
             """, "an entity declaration"),
            ("""
             <?xml version="1.0"?>
             <!DOCTYPE alto [<!ENTITY leak SYSTEM "file://\(secret.path)">]>
             <alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page><TextLine HPOS="0" VPOS="0" WIDTH="1" HEIGHT="1"><String CONTENT="&leak;"/></TextLine></Page></Layout></alto>
             """, "an external entity"),
        ]
        for (xml, expected) in cases {
            #expect {
                try TranscriptFile.read(Data(xml.utf8))
            } throws: { error in
                "\(error)".contains(expected) && !"\(error)".contains("the secret text")
            }
        }
    }
}
