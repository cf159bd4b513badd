import HandwritingAPI
import Testing
import TranscriptStore
@testable import WorkbenchCore

@Suite struct UpdateTests {
    @Test func startsOnTheFirstFileAndLoadsItsPageOnceIdentified() {
        var model = Model(workspace: "w", storePath: "s", files: [FileEntry(name: "a.png", path: "/w/a.png")],
                          settings: RecognitionSettings(engine: "tesseract"), engines: ["tesseract"])
        #expect(model.focus == .files && model.selectedFile == 0)
        #expect(model.files[0].status == .scanning)
        let effects = update(&model, .filesIdentified([FileIdentity(file: 0, documentID: "d", pageCount: 1)]))
        #expect(effects == [.loadPage(PageJob(ref: PageRef(file: 0, page: 1), path: "/w/a.png", documentID: "d"), select: .first)])
        #expect(model.files[0].status == .new)
    }

    @Test func enterOnAFileFocusesItsFirstBlockAndEnterAgainEdits() {
        var model = loadedModel()
        press(&model, .down, .up)
        _ = update(&model, .pageLoaded(pageA(), select: .first))
        #expect(press(&model, .enter).isEmpty)
        #expect(model.focus == .blocks && model.selectedBlock == 0)
        press(&model, .enter)
        #expect(model.mode == .editing(EditSession(blockID: 11, editor: LineEditor("Dear Sir,"), shown: CorrectionState(text: nil, reviewed: false))))
    }

    @Test func movingThroughFilesAsksForEachPageAndIgnoresStaleAnswers() {
        var model = loadedModel()
        let effects = press(&model, .down)
        #expect(effects == [.loadPage(PageJob(ref: PageRef(file: 1, page: 1), path: "/w/b.tif", documentID: "doc-b"), select: .first)])
        _ = update(&model, .pageLoaded(pageA(), select: .first))  // page A arrives late: not shown for b.tif
        #expect(model.currentPage == nil)
        #expect(press(&model, .down).isEmpty)  // c.png is not identified yet: nothing to load
        #expect(model.selectedFile == 2)
    }

    @Test func nextToReviewWalksThisPageThenOtherFilesAndBack() {
        var model = loadedModel()
        press(&model, .character("n"))
        #expect(model.focus == .blocks && model.selected?.id == 12)
        press(&model, .character("n"))
        #expect(model.selected?.id == 13)
        let effects = press(&model, .character("n"))
        #expect(effects == [.loadPage(PageJob(ref: PageRef(file: 1, page: 2), path: "/w/b.tif", documentID: "doc-b"),
                                      select: .firstNeedingReview)])
        #expect(model.selectedFile == 1 && model.files[1].shownPage == 2)
        // And N from there wraps back to a.png's last block needing review.
        let back = press(&model, .character("N"))
        #expect(back == [.loadPage(PageJob(ref: PageRef(file: 0, page: 1), path: "/w/a.png", documentID: "doc-a"),
                                   select: .lastNeedingReview)])
        _ = update(&model, .pageLoaded(pageA(), select: .lastNeedingReview))
        #expect(model.selected?.id == 13)
    }

    @Test func editingWithChineseSavesMarksReviewedAndMovesOn() {
        var model = loadedModel()
        press(&model, .character("n"), .enter, .control("u"))
        type(&model, "大江东去，浪淘尽")
        let effects = press(&model, .enter)
        #expect(effects == [.save(blockID: 12, text: "大江东去，浪淘尽", reviewed: true, expecting: CorrectionState(text: nil, reviewed: false))])
        #expect(model.mode == .normal)
        #expect(model.currentPage?.blocks[1].corrected == "大江东去，浪淘尽")
        #expect(model.selected?.id == 13)  // the next block to review
        #expect(model.files[0].summary.needingReview == 1)
        _ = update(&model, .saved(blockID: 12))
        #expect(model.status == .notice("saved"))
    }

    @Test func savingTheRecognisedTextUnchangedOnlyMarksItReviewed() {
        var model = loadedModel()
        press(&model, .character("n"))
        #expect(press(&model, .enter, .enter) == [.save(blockID: 12, text: nil, reviewed: true, expecting: CorrectionState(text: nil, reviewed: false))])
    }

    @Test func escapeCancelsAnEditWithoutSaving() {
        var model = loadedModel()
        press(&model, .character("n"), .enter)
        type(&model, "xyz")
        #expect(press(&model, .escape).isEmpty)
        #expect(model.mode == .normal && model.currentPage?.blocks[1].corrected == nil)
    }

    @Test func aStopMidEditSavesTheLineAsTypedUnreviewedThenQuits() {
        var model = loadedModel()
        press(&model, .character("n"), .enter, .control("u"))
        type(&model, "大江东")
        #expect(update(&model, .stop) == [.save(blockID: 12, text: "大江东", reviewed: false, expecting: CorrectionState(text: nil, reviewed: false)), .quit])
        #expect(model.quitting && model.mode == .normal)

        var untouched = loadedModel()
        press(&untouched, .character("n"), .enter)
        #expect(update(&untouched, .stop) == [.quit], "an editor left as it was saves nothing")
        var idle = loadedModel()
        #expect(update(&idle, .stop) == [.quit] && idle.quitting)
    }

    @Test func undoAndRedoAreTheStoresAndComeBackAsChanges() {
        var model = loadedModel()
        #expect(press(&model, .character("u")) == [.undo])
        #expect(press(&model, .control("r")) == [.redo])
        _ = update(&model, .reverted(BlockChange(blockID: 12, documentID: "doc-a", page: 1, text: "改", reviewed: true), redo: true))
        #expect(model.selected?.id == 12 && model.selected?.text == "改" && model.status == .notice("redone"))
        // A change on a page not on screen takes the person there.
        let effects = update(&model, .reverted(BlockChange(blockID: 99, documentID: "doc-b", page: 2, text: nil, reviewed: false), redo: false))
        #expect(effects.contains(.loadPage(PageJob(ref: PageRef(file: 1, page: 2), path: "/w/b.tif", documentID: "doc-b"), select: .block(99))))
        #expect(model.selectedFile == 1)
    }

    @Test func recogniseAllQueuesPagesNotDoneAndTracksTheBatch() {
        var model = workspaceModel()
        let effects = press(&model, .character("R"))
        let jobs = [PageJob(ref: PageRef(file: 0, page: 1), path: "/w/a.png", documentID: "doc-a"),
                    PageJob(ref: PageRef(file: 1, page: 1), path: "/w/b.tif", documentID: "doc-b"),
                    PageJob(ref: PageRef(file: 1, page: 2), path: "/w/b.tif", documentID: "doc-b")]
        #expect(effects == [.recognise(jobs, RecognitionSettings(engine: "tesseract"))])
        #expect(model.files[1].status == .queued && model.batch?.total == 3)
        _ = update(&model, .recognitionStarted(PageRef(file: 0, page: 1), time: 1))
        #expect(model.files[0].status == .recognising)
        let reload = update(&model, .recognitionFinished(PageRef(file: 0, page: 1), .success([0.9, 0.5]), time: 2))
        #expect(reload == [.loadPage(jobs[0], select: .first)])  // the page on screen is shown again
        #expect(model.files[0].summary == PageSummary(blockCount: 2, confidenceSum: 1.4, needingReview: 1, belowThreshold: 1))
        let failure = PageFailure(code: "AIS.0102", message: "The image format is not supported.", requestID: "r-1")
        _ = update(&model, .recognitionFinished(PageRef(file: 1, page: 1), .failure(PageFailureBox(failure)), time: 3))
        #expect(model.files[1].pages[0] == .failed(failure) && model.files[1].status == .queued)  // page 2 still waits
        #expect(model.status?.isError == true && model.status?.text.contains("AIS.0102") == true && model.status?.text.contains("r-1") == true)
        #expect(press(&model, .character("c")) == [.cancelRecognition])
        _ = update(&model, .recognitionCancelled([PageRef(file: 1, page: 2)]))
        #expect(model.batch == nil && model.files[1].pages[1] == .new)
        #expect(model.files[1].status == .failed("AIS.0102"))
    }

    @Test func quickModeOnASelectedBlockReadsJustThatCrop() {
        var model = loadedModel()
        model.settings.options.quickMode = true
        press(&model, .character("n"))
        let effects = press(&model, .character("r"))
        #expect(effects == [.recogniseCrop(PageJob(ref: PageRef(file: 0, page: 1), path: "/w/a.png", documentID: "doc-a"),
                                           blockID: 12, box: Rect(x0: 10, y0: 50, x1: 310, y1: 90), model.settings)])
        _ = update(&model, .cropRecognised(blockID: 12, text: "大江东去", confidence: 0.9))
        #expect(model.mode == .editing(EditSession(blockID: 12, editor: LineEditor("大江东去"), shown: CorrectionState(text: nil, reviewed: false))))
    }

    @Test func thresholdFilterAndSettingsChangeWhatNeedsReview() {
        var model = loadedModel()
        let effects = press(&model, .character("-"), .character("-"), .character("-"), .character("-"))
        #expect(effects.last == .loadSummaries(threshold: 0.6))
        #expect(model.files[0].summary.needingReview == 1)  // only 0.42 is below 0.60 now
        press(&model, .character("f"), .enter)
        #expect(model.visibleBlocks == [0, 1])  // the selected block stays visible
        press(&model, .character("s"), .right)
        #expect(model.settings.engine == "cloud")
        press(&model, .down, .character(" "), .down, .right, .down, .right, .escape)
        #expect(model.settings.options == RecognitionOptions(quickMode: true, charSet: .digit, detectDirection: true))
    }

    @Test func searchShowsHitsAndGoesToTheChosenOne() {
        var model = loadedModel()
        press(&model, .character("/"))
        type(&model, "江东")
        #expect(press(&model, .enter) == [.search("江东")])
        _ = update(&model, .searchFinished(query: "江东", hits: [
            SearchResult(documentID: "doc-b", documentName: "b.tif", page: 2, blockID: 21, text: "江东"),
        ]))
        let effects = press(&model, .enter)
        #expect(effects == [.loadPage(PageJob(ref: PageRef(file: 1, page: 2), path: "/w/b.tif", documentID: "doc-b"), select: .block(21))])
        #expect(model.mode == .normal && model.focus == .blocks)
    }

    @Test func exportDialogChoosesFormatAndFolder() {
        var model = loadedModel()
        press(&model, .character("e"), .right, .tab, .control("u"))
        type(&model, "out/alto")
        #expect(press(&model, .enter) == [.export(format: .alto, folder: "out/alto")])
        _ = update(&model, .exported(format: .alto, files: 4, folder: "/w/out/alto"))
        #expect(model.status == .notice("exported 4 alto files to /w/out/alto"))
    }

    @Test func aTooSmallScreenOnlyQuits() {
        var model = loadedModel(width: 60, height: 20)
        #expect(press(&model, .character("R"), .down, .character("e")).isEmpty)
        #expect(model.mode == .normal)
        #expect(press(&model, .character("q")) == [.quit])
        #expect(model.quitting)
    }

    @Test func pageKeysTurnPagesWithinTheFile() {
        var model = loadedModel()
        press(&model, .down)
        #expect(press(&model, .character("]")) == [.loadPage(PageJob(ref: PageRef(file: 1, page: 2), path: "/w/b.tif", documentID: "doc-b"),
                                                            select: .first)])
        #expect(press(&model, .character("]")).isEmpty)
        #expect(model.status == .notice("2 pages in this file"))
    }
}

/// The folder read again: Ctrl-L and the window's focus ask for it, new files join the
/// end of the list and are read, files gone say so.
@Suite struct RescanTests {
    @Test func ctrlLAndFocusListTheFolderAgain() {
        var model = loadedModel()
        #expect(press(&model, .control("l")) == [.listFolder])
        #expect(update(&model, .focusGained) == [.listFolder])
    }

    @Test func newFilesJoinTheEndAndAreReadFilesGoneSaySo() {
        var model = loadedModel()
        let selected = model.selectedFile
        let listed = [FileEntry(name: "a.png", path: "/w/a.png"), FileEntry(name: "b.tif", path: "/w/b.tif"),
                      FileEntry(name: "aa.png", path: "/w/aa.png")]
        let effects = update(&model, .folderListed(listed))
        #expect(model.files.map(\.name) == ["a.png", "b.tif", "c.png", "aa.png"])
        #expect(effects == [.identify([FileEntry(name: "aa.png", path: "/w/aa.png")], from: 3)])
        #expect(model.files[2].unreadable?.contains("no longer in the folder") == true)
        #expect(model.selectedFile == selected && model.scanning)
        #expect(update(&model, .folderListed(listed)).isEmpty)  // nothing new the second time
    }
}

/// Settings the person changes are remembered for the workspace; nothing else is.
@Suite struct RememberedSettingsTests {
    @Test func aChangedThresholdOrOptionIsRememberedAMoveIsNot() {
        var model = loadedModel()
        #expect(!press(&model, .down).contains { if case .remember = $0 { true } else { false } })
        let raised = press(&model, .character("+"))
        #expect(raised.contains(.remember(WorkspaceSettings(engine: "tesseract", quickMode: false, charSet: .general,
                                                             detectDirection: false, threshold: model.threshold))))
        #expect(model.threshold > 0.8)
    }
}
