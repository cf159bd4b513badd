import HandwritingAPI
import Testing
@testable import WorkbenchCore

/// The graphics mode from terminals' answers (recorded from the real programs on
/// Debian 12 with the workbench's own questions), and where the view puts pictures.
@Suite struct GraphicsTests {
    private func replies(_ text: String) -> TerminalReplies { TerminalReplies(parsing: Array(text.utf8)) }

    @Test func xtermAsAVT340ShowsSixelUpToItsLargestPicture() {
        let xterm = replies("\u{1B}[?2;0;1000;1000S\u{1B}[?63;1;2;4;6;9;15;16;22;28c\u{1B}[0n")
        #expect(xterm.complete)
        #expect(xterm.maxSixel == PixelSize(width: 1000, height: 1000))
        #expect(xterm.mode(environment: [:], colours: 256) == .sixel)
    }

    @Test func plainXtermHasNoSixelAndGetsHalfBlocks() {
        let xterm = replies("\u{1B}[?2;3S\u{1B}[?64;1;2;6;9;15;16;17;18;21;22;28c\u{1B}[0n")
        #expect(xterm.maxSixel == nil)
        #expect(xterm.mode(environment: [:], colours: 256) == .symbols)
        #expect(xterm.mode(environment: [:], colours: 8) == .braille)
    }

    @Test func kittyAnswersItsGraphicsQueryAndItsCellSize() {
        let kitty = replies("\u{1B}_Gi=31;OK\u{1B}\\\u{1B}[6;18;9t\u{1B}[?62;c\u{1B}[0n")
        #expect(kitty.kittyGraphics)
        #expect(kitty.cell == PixelSize(width: 9, height: 18))
        #expect(kitty.mode(environment: [:], colours: 256) == .kitty)
    }

    @Test func tmuxAndScreenPassNoPictures() {
        // tmux 3.3a and GNU screen 4.9 answer the same, for themselves.
        let multiplexer = replies("\u{1B}[?1;2c\u{1B}[0n")
        #expect(multiplexer.complete && !multiplexer.kittyGraphics)
        #expect(multiplexer.mode(environment: ["TERM_PROGRAM": "tmux"], colours: 256) == .symbols)
    }

    @Test func iTerm2IsKnownByName() {
        #expect(replies("\u{1B}[?62;4c\u{1B}[0n").mode(environment: ["TERM_PROGRAM": "iTerm.app"], colours: 256) == .sixel)
        #expect(replies("\u{1B}[?62;22c\u{1B}[0n").mode(environment: ["TERM_PROGRAM": "iTerm.app"], colours: 256) == .iterm2)
    }

    @Test func anAnswerCutShortIsNotComplete() {
        let cut = replies("\u{1B}[?63;1;2;4")
        #expect(!cut.complete && cut.deviceAttributes == nil)
    }

    // MARK: Where the pictures go

    private func sixelModel(width: Int = 200, height: Int = 50) -> Model {
        var model = loadedModel(width: width, height: height)
        model.graphics = Graphics(mode: .sixel, cell: PixelSize(width: 8, height: 16))
        model.focus = .blocks
        return model
    }

    @Test func theStripSitsDirectlyAboveTheEditorAcrossTheBlocksPane() throws {
        var model = sixelModel()
        press(&model, .down, .enter)
        let screen = view(model)
        let strip = try #require(screen.pictures.first { $0.request.kind == .line })
        let cursor = try #require(screen.cursor)
        #expect(strip.area.y + strip.area.height == cursor.y)
        let layout = Layout(width: 200, height: 50, showsProgress: false)
        #expect(strip.area.x == layout.blocks.x + 1 && strip.area.width == layout.blocks.width - 1)
        #expect(strip.area.height >= 3)
        // The second block, with a margin, fills the strip's height at no more than four times its size.
        #expect(strip.request.region.y0 < 50 && strip.request.region.y1 > 90)
        // 310 x 50 pixels with the margin, scaled to the strip's 96 pixels of height.
        #expect(strip.area.height == 6)
        #expect(strip.request.pixelSize == PixelSize(width: 595, height: 96))
    }

    @Test func thePagePictureOutlinesEveryBlockAndMarksTheSelectedOne() throws {
        var model = sixelModel()
        press(&model, .down)
        let page = try #require(view(model).pictures.first { $0.request.kind == .page })
        #expect(page.request.outlines.count == 3)
        #expect(page.request.selectedOutline == 1)
        #expect(page.area.x > Layout(width: 200, height: 50, showsProgress: false).preview.x)
    }

    @Test func dialogsHidePicturesAndBrailleDrawsThePageItself() {
        var model = sixelModel()
        press(&model, .character("?"))
        #expect(view(model).pictures.isEmpty)
        model = loadedModel(width: 100, height: 30)
        #expect(!view(model).pictures.contains { $0.request.kind == .page })
    }

    @Test func aLongBlockPansInHalfStripStepsAndFollowsTheCaretWhileEdited() throws {
        var model = sixelModel(width: 100, height: 30)
        var page = pageA()
        page.blocks[0].polygon = box(0, 0, 6000, 40)
        _ = update(&model, .pageLoaded(page, select: .first))
        let start = try #require(model.lineStrip)
        #expect(start.lastStep > 2)
        #expect(start.region.x0 == 0)
        press(&model, .character(">"), .character(">"))
        let panned = try #require(model.lineStrip)
        #expect(panned.region.x0 == start.region.width / 2 * 2)
        press(&model, .character("<"), .character("<"), .character("<"))
        #expect(model.lineStrip?.region.x0 == 0)
        press(&model, .enter, .end)
        let atEnd = try #require(model.lineStrip)
        #expect(atEnd.region.x1 >= 6000)
    }

    @Test func aLargerFontMakesLargerPictures() throws {
        var model = sixelModel()
        let before = try #require(view(model).pictures.first { $0.request.kind == .line })
        _ = update(&model, .cellResized(PixelSize(width: 16, height: 32)))
        let after = try #require(view(model).pictures.first { $0.request.kind == .line })
        #expect(after.request.graphics.cell == PixelSize(width: 16, height: 32))
        #expect(after.request.pixelSize.height > before.request.pixelSize.height)
    }
}
