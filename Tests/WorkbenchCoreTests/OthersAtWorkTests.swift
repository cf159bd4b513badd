import HandwritingAPI
import Testing
import TranscriptStore
@testable import WorkbenchCore

/// Others at work on a shared store: their changes reach the screen, and a save that
/// meets one is settled by the person, not lost.
@Suite struct OthersAtWorkTests {
    private let pageJob = PageJob(ref: PageRef(file: 0, page: 1), path: "/w/a.png", documentID: "doc-a")

    @Test func anotherPersonsCorrectionOnThisPageLoadsItAgainKeepingTheSelection() {
        var model = loadedModel()
        press(&model, .character("n"))  // block 12
        let effects = update(&model, .storeChanged([.correction(blockID: 13, documentID: "doc-a", page: 1, author: "bob")]))
        #expect(effects == [.loadSummaries(threshold: model.threshold), .loadPage(pageJob, select: .block(12))])
        #expect(model.status == .notice("bob changed this page"))
    }

    @Test func changesElsewhereOnlyCountAgain() {
        var model = loadedModel()
        let effects = update(&model, .storeChanged([.reading(documentID: "doc-b", page: 2),
                                                    .correction(blockID: 40, documentID: "doc-a", page: 2, author: nil)]))
        #expect(effects == [.loadSummaries(threshold: model.threshold)])
        #expect(update(&model, .storeChanged([.everything])).count == 2, "after a lost connection: everything again")
    }

    @Test func aConflictingSaveAsksAndKeepsMineOverTheirs() {
        var model = loadedModel()
        press(&model, .character("n"), .enter, .control("u"))
        type(&model, "大江东去")
        press(&model, .enter)
        let theirs = CorrectionState(text: "大江東去浪淘盡", reviewed: true)
        let conflict = SaveConflict(blockID: 12, mine: CorrectionState(text: "大江东去", reviewed: true), theirs: theirs, author: "bob",
                                    recognised: "大江东去浪淘尽")
        #expect(update(&model, .saveConflict(conflict)) == [.loadPage(pageJob, select: .block(12))])
        #expect(model.mode == .conflict(conflict))
        #expect(press(&model, .character("x")).isEmpty && model.mode == .conflict(conflict), "other keys wait for a choice")
        #expect(press(&model, .character("k")) == [.save(blockID: 12, text: "大江东去", reviewed: true, expecting: theirs)])
        #expect(model.mode == .normal)
    }

    @Test func takingTheirsSavesNothingAndEditingAgainExpectsTheirs() {
        var model = loadedModel()
        press(&model, .character("n"))
        let theirs = CorrectionState(text: "大江東去浪淘盡", reviewed: true)
        let conflict = SaveConflict(blockID: 12, mine: CorrectionState(text: "大江东去", reviewed: true), theirs: theirs, author: nil,
                                    recognised: "大江东去浪淘尽")
        _ = update(&model, .saveConflict(conflict))
        #expect(press(&model, .character("t")).isEmpty && model.mode == .normal)
        _ = update(&model, .saveConflict(conflict))
        press(&model, .character("e"))
        #expect(model.mode == .editing(EditSession(blockID: 12, editor: LineEditor("大江东去"), shown: theirs)))
    }

    @Test func theConflictIsShownWithBothTexts() {
        var model = loadedModel(width: 100, height: 30)
        _ = update(&model, .saveConflict(SaveConflict(blockID: 12, mine: CorrectionState(text: "mine", reviewed: true),
                                                      theirs: CorrectionState(text: nil, reviewed: false), author: "bob",
                                                      recognised: "大江东去浪淘尽")))
        let screen = view(model).text
        #expect(screen.contains("bob saved this line while you edited it."))
        #expect(screen.contains("theirs  大江东去浪淘尽  (as read)"))
        #expect(screen.contains("yours   mine  ✓"))
    }
}
