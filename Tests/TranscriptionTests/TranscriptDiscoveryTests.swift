import Foundation
import Testing
import TestSupport
@testable import Transcription

/// Which files of a folder are transcripts of its images: named by the file, or by name.
@Suite struct TranscriptDiscoveryTests {
    static func page(image: String, text: String) -> String {
        """
        <?xml version="1.0" encoding="UTF-8"?>
        <PcGts xmlns="http://schema.primaresearch.org/PAGE/gts/pagecontent/2019-07-15">
          <Metadata><Creator>escriptorium</Creator></Metadata>
          <Page imageFilename="\(image)" imageWidth="935" imageHeight="39">
            <TextRegion id="r1"><Coords points="2,2 300,2 300,30 2,30"/>
              <TextLine id="l1"><Coords points="2,2 300,2 300,30 2,30"/><TextEquiv><Unicode>\(text)</Unicode></TextEquiv></TextLine>
            </TextRegion>
          </Page>
        </PcGts>
        """
    }

    static let alto = """
        <alto xmlns="http://www.loc.gov/standards/alto/ns-v4#"><Layout><Page WIDTH="809" HEIGHT="144">
        <PrintSpace><TextBlock><TextLine HPOS="2" VPOS="2" WIDTH="300" HEIGHT="30"><String CONTENT="大江东去" WC="0.5"/></TextLine></TextBlock></PrintSpace>
        </Page></Layout></alto>
        """

    /// A folder as other tools leave it: PAGE beside an image, in `page/` under another
    /// name for the image, ALTO in `alto/` naming none, a broken hOCR, and XML that is no transcript.
    static func folder() throws -> URL {
        let folder = try Fixtures.temporaryFolder()
        for sub in ["page", "alto"] { try FileManager.default.createDirectory(at: folder.appendingPathComponent(sub), withIntermediateDirectories: true) }
        let files: [(String, Data)] = [
            ("a.png", try Fixtures.sample("print_line.png")), ("b.png", try Fixtures.sample("print_line.png")),
            ("c.png", try Fixtures.sample("zh_line_1.png")), ("d.png", try Fixtures.sample("en_line_1.png")),
            ("a.xml", Data(page(image: "a.png", text: "first").utf8)),
            ("page/b.xml", Data(page(image: "0001.jpg", text: "second").utf8)),
            ("alto/c.alto.xml", Data(alto.utf8)),
            ("d.hocr", Data("<html><body><div class='ocr_page'>\n<span".utf8)),
            ("notes.xml", Data("<config><colour>blue</colour></config>".utf8)),
            ("e.xml", Data(page(image: "elsewhere.png", text: "no image here").utf8)),
        ]
        for (name, data) in files { try data.write(to: folder.appendingPathComponent(name)) }
        return folder
    }

    @Test func transcriptsAreFoundBesideAndInTheirFoldersOthersLeftAlone() throws {
        let folder = try Self.folder()
        defer { try? FileManager.default.removeItem(at: folder) }
        let images = ["a.png", "b.png", "c.png", "d.png"].map { folder.appendingPathComponent($0).standardizedFileURL.path }
        let found = TranscriptDiscovery.find(in: folder, images: images)
        let path = { (name: String) in folder.appendingPathComponent(name).path }
        #expect(found == [
            .init(path: path("a.xml"), image: nil),
            .init(path: path("d.hocr"), image: images[3]),  // broken, but named after d.png: importing it says why
            .init(path: path("page/b.xml"), image: images[1]),
            .init(path: path("alto/c.alto.xml"), image: images[2]),
        ])
        #expect(TranscriptDiscovery.find(in: folder, images: [images[0]]) == [.init(path: path("a.xml"), image: nil)])
    }

    @Test func stemsDropExtensionsAndQuiresPageSuffix() {
        #expect(["scan.png", "scan.xml", "scan.p2.page.xml", "scan.alto.xml", "scan.hocr.html", "scan.hocr"].map(TranscriptDiscovery.stem) ==
                Array(repeating: "scan", count: 6))
        #expect(TranscriptDiscovery.stem(of: "scan.p2x.xml") == "scan.p2x")
    }
}
