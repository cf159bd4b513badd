import Foundation
import HandwritingAPI
import Testing
import TestSupport
import TesseractRecognizer
import TranscriptStore
@testable import Transcription

/// The core every front goes through, against real files, a real store and Tesseract.
@Suite struct TranscriptionTests {
    private func workspace() throws -> (folder: URL, store: TranscriptStore) {
        let folder = try Fixtures.temporaryFolder()
        for name in ["zh_line_1.png", "letter.tif", "letter.pdf"] {
            try Fixtures.sample(name).write(to: folder.appendingPathComponent(name))
        }
        return (folder, try SQLiteStore(path: folder.appendingPathComponent(".quire/quire.db").path))
    }

    @Test func filesAreKnownByTheirBytesAndAFileUnchangedSinceIsNotReadAgain() throws {
        let (folder, store) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let registration = Registration(store: store)
        let paths = ["zh_line_1.png", "letter.tif", "missing.png"].map { folder.appendingPathComponent($0).path }
        let first = try registration.register(paths)
        #expect(first.map { $0?.pageCount } == [1, 2, nil])
        #expect(first[0]?.id == DocumentRecord.id(of: try Fixtures.sample("zh_line_1.png")))

        // Other bytes of the same length with the old modification time: taken on trust, as make would.
        let line = paths[0]
        let stamp = try #require(Registration.stamp(of: line))
        var bytes = try Data(contentsOf: URL(fileURLWithPath: line))
        bytes[bytes.count - 1] ^= 0xFF
        try bytes.write(to: URL(fileURLWithPath: line))
        try setModificationTime(of: line, to: stamp.modified)
        #expect(try registration.register([line]).first??.id == first[0]?.id)
        // A new modification time: read, and known by its new bytes.
        try setModificationTime(of: line, to: stamp.modified + 60)
        #expect(try registration.register([line]).first??.id == DocumentRecord.id(of: bytes))
    }

    @Test func aPageReadIsRecordedWithItsImageSizeAndAFailureWithItsCode() async throws {
        let (folder, store) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let tesseract = try TesseractRecognizer(.init(workers: 1))
        let path = folder.appendingPathComponent("letter.tif").path
        let document = try Registration(store: store).register(path: path, data: Data(contentsOf: URL(fileURLWithPath: path)))
        let pages = PageSource()
        let second = pages.page(2, of: path)
        let size = try ImageProbe.probe(second.get()).get()
        let run = await PageRun.read(second.map { .bytes($0) }, with: tesseract, options: .init())
        try run.record(in: store, documentID: document.id, page: 2, engine: "tesseract", options: .init())
        let recorded = try #require(try store.runs(of: document.id, page: 2).last)
        #expect(recorded.succeeded && recorded.imageWidth == size.width && recorded.imageHeight == size.height)
        #expect(try store.currentBlocks(of: document.id, page: 2).count == 4)  // the poem's four lines

        let missing = pages.page(3, of: path)
        let failed = await PageRun.read(missing.map { .bytes($0) }, with: tesseract, options: .init())
        try failed.record(in: store, documentID: document.id, page: 2, engine: "tesseract", options: .init())
        #expect(try store.runs(of: document.id, page: 2).last?.errorCode == "AIS.0101")
    }

    @Test func groundTruthIsEachCheckedLineCutFromItsPageWithItsText() throws {
        let (folder, store) = try workspace()
        defer { try? FileManager.default.removeItem(at: folder) }
        let path = folder.appendingPathComponent("zh_line_1.png").path
        let data = try Data(contentsOf: URL(fileURLWithPath: path))
        let document = try Registration(store: store).register(path: path, data: data)
        let size = try ImageProbe.probe(data).get()
        let block = WordsBlock(words: "大江东去", confidence: 0.6,
                               location: Rect(x0: 30, y0: 30, x1: size.width - 30, y1: size.height - 30).corners, type: "text")
        try store.recordRun(documentID: document.id, page: 1, engine: "test", options: .init(), startedAt: Date(), duration: 0,
                            outcome: .success(HandwritingResult(blocks: [block])), imageSize: (size.width, size.height))
        let out = folder.appendingPathComponent("gt")
        #expect(try TranscriptExport.write(store.exportDocuments(), as: .gt, to: out).files.isEmpty)  // nobody checked it yet
        let blockID = try #require(try store.currentBlocks(of: document.id, page: 1).first?.block.id)
        _ = try store.correct(blockID: blockID, text: "大江东去浪淘尽千古风流人物", reviewed: true)
        let (files, skipped) = try TranscriptExport.write(store.exportDocuments(), as: .gt, to: out)
        #expect(skipped.isEmpty)
        #expect(files.map(\.lastPathComponent) == ["zh_line_1.p1.l001.png", "zh_line_1.p1.l001.gt.txt"])
        let crop = try ImageProbe.probe(Data(contentsOf: files[0])).get()
        let margin = GroundTruthExport.margin
        #expect(crop.width == size.width - 60 + 2 * margin && crop.height == size.height - 60 + 2 * margin)
        #expect(try String(contentsOf: files[1], encoding: .utf8) == "大江东去浪淘尽千古风流人物\n")
        // The store's formats go through the same door.
        #expect(try TranscriptExport.write(store.exportDocuments(), as: .txt, to: out).files.map(\.lastPathComponent) == ["zh_line_1.txt"])
    }

    private func setModificationTime(of path: String, to seconds: Double) throws {
        let whole = seconds.rounded(.down)
        var times = [timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9)),
                     timespec(tv_sec: Int(whole), tv_nsec: Int((seconds - whole) * 1e9))]
        guard utimensat(AT_FDCWD, path, &times, 0) == 0 else { throw Fixtures.Missing(description: "utimensat \(path): \(errno)") }
    }
}
