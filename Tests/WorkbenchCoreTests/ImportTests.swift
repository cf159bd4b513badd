import Testing
import TranscriptStore
@testable import WorkbenchCore

/// Transcripts other tools made: offered once when found with the images, imported for
/// the page on screen with `I`, and what they read loaded for review.
@Suite struct ImportTests {
    private let pageJob = PageJob(ref: PageRef(file: 0, page: 1), path: "/w/a.png", documentID: "doc-a")
    private let found = [
        FoundTranscript(job: ImportJob(path: "/w/page/a.xml", image: "/w/a.png"), name: "page/a.xml", pages: 1, engine: "import:transkribus"),
        FoundTranscript(job: ImportJob(path: "/w/b.hocr", image: "/w/b.tif"), name: "b.hocr", pages: 2, engine: "import:tesseract"),
        FoundTranscript(job: ImportJob(path: "/w/c.xml", image: "/w/c.png"), name: "c.xml", problem: "line 4: malformed XML"),
    ]

    @Test func theScanEndingLooksForTranscriptsOfTheReadableFiles() {
        var model = workspaceModel()
        _ = update(&model, .fileUnreadable(file: 2, reason: "c.png: cannot be read"))
        #expect(update(&model, .scanFinished) == [.loadSummaries(threshold: model.threshold), .findTranscripts(images: ["/w/a.png", "/w/b.tif"])])
    }

    @Test func foundTranscriptsAreOfferedOnceAndYesImportsThoseThatCan() {
        var model = loadedModel(width: 100, height: 30)
        #expect(update(&model, .transcriptsFound(found)).isEmpty)
        #expect(model.mode == .importOffer(ImportOffer(found: found)))
        let screen = view(model).text
        #expect(screen.contains("Transcripts found with the images"))
        #expect(screen.contains("2 files of other tools' reading: 3 pages to review here."))
        #expect(screen.contains("page/a.xml") && screen.contains("1 page, import:transkribus"))
        #expect(screen.contains("cannot: line 4: malformed XML"))
        #expect(press(&model, .character("x")).isEmpty && model.mode == .importOffer(ImportOffer(found: found)), "other keys wait")
        #expect(press(&model, .character("y")) == [.importTranscripts([found[0].job, found[1].job])])
        #expect(model.mode == .normal && model.status == .notice("importing 2 transcripts…"))

        _ = update(&model, .transcriptsFound(found))
        #expect(model.mode == .normal, "the same ones are not offered again")
        let more = found + [FoundTranscript(job: ImportJob(path: "/w/d.xml", image: "/w/a.png"), name: "d.xml", pages: 1, engine: "import:page")]
        _ = update(&model, .transcriptsFound(more))
        #expect(model.mode == .importOffer(ImportOffer(found: [more[3]])), "a new one is")
        press(&model, .escape)
        #expect(model.mode == .normal && model.transcripts == more)

        let broken = FoundTranscript(job: ImportJob(path: "/w/e.xml", image: "/w/a.png"), name: "e.xml", problem: "line 2: malformed XML")
        _ = update(&model, .transcriptsFound(more + [broken]))
        #expect(model.mode == .normal, "nothing importable is new: no offer")
        #expect(model.status == .error("1 transcript with the images cannot be imported: e.xml: line 2: malformed XML"))
    }

    @Test func anOfferArrivingWhileEditingWaitsOnTheStatusLine() {
        var model = loadedModel()
        press(&model, .character("i"))
        _ = update(&model, .transcriptsFound(found))
        #expect(model.isEditing)
        #expect(model.status == .notice("3 transcripts found with the images: I imports one for the page on screen"))
    }

    @Test func iImportsATranscriptForThePageOnScreenProposingTheOneFound() {
        var model = loadedModel()
        _ = update(&model, .transcriptsFound(found))
        press(&model, .character("n"))
        press(&model, .character("I"))
        guard case .importPrompt(let prompt) = model.mode else { Issue.record("no prompt: \(model.mode)"); return }
        #expect(prompt.editor.text == "page/a.xml" && prompt.image == "/w/a.png")
        #expect(view(model).text.contains("Import a transcript of this page"))
        press(&model, .control("u"))
        type(&model, "other/a.alto.xml")
        #expect(press(&model, .enter) == [.importTranscripts([ImportJob(path: "other/a.alto.xml", image: "/w/a.png")])])
        #expect(model.mode == .normal)
        press(&model, .character("I"), .escape)
        #expect(model.mode == .normal)
    }

    @Test func anImportReloadsTheCountsAndThePageOnScreenAtItsFirstLineToReview() {
        var model = loadedModel()
        _ = update(&model, .transcriptsFound(found))
        press(&model, .character("y"))
        let effects = update(&model, .transcriptsImported(ImportReport(imported: ["/w/page/a.xml"], documents: ["doc-a"], pages: 1, kept: 0,
                                                                        refused: ["b.hocr: line 9: an hOCR line without a bbox"])))
        #expect(effects == [.loadSummaries(threshold: model.threshold), .loadPage(pageJob, select: .firstNeedingReview)])
        #expect(model.status == .notice("imported 1 page from 1 transcript; 1 refused (b.hocr: line 9: an hOCR line without a bbox)"))
        #expect(model.transcripts.map(\.name) == ["b.hocr", "c.xml"])

        let refused = update(&model, .transcriptsImported(ImportReport(refused: ["c.xml: line 4: malformed XML"])))
        #expect(refused == [.loadSummaries(threshold: model.threshold)])
        #expect(model.status?.isError == true)
    }
}
