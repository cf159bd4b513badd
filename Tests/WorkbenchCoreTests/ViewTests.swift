import Foundation
import Testing
@testable import WorkbenchCore

/// Snapshots of the rendered buffer as text (trailing blanks trimmed), CJK included.
@Suite struct ViewTests {
    static func trimmed(_ buffer: CellBuffer) -> String {
        buffer.text.split(separator: "\n", omittingEmptySubsequences: false).map { line in
            var line = Substring(line)
            while line.last == " " { line = line.dropLast() }
            return String(line)
        }.joined(separator: "\n")
    }

    @Test func reviewingAPageAt80x24() {
        var model = loadedModel(width: 80, height: 24)
        press(&model, .character("n"))
        #expect(Self.trimmed(view(model)) == """
             Quire  scans  ·  3 files, 1 done, 3 to review · reading the folder…
            ─ Files 3 ──────────────────────│─ a.png p.1/1 · 3 blocks ──│─ Page ────────────
             status   name     blk conf  rev│   0.95  Dear Sir,         │
             done     a.png      3 0.66    2│ ! 0.42  大江东去浪淘尽    │
             partly   b.tif      1 0.30    1│ ! 0.61  yours faithfuly   │
             …        c.png                 │                           │
                                            │                           │
                                            │                           │
                                            │                           │
                                            │                           │
                                            │                           │⢰⣒⣒⣒⣒⣒⣒⣒⣒⣒⣒⣒⡆
                                            │                           │⢠⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⢤
                                            │                           │⠸⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠤⠼
                                            │─ block 2/3 · 0.42 · needs…│⠸⠭⠭⠭⠭⠭⠭⠭⠭⠭⠭⠭⠭⠭⠭⠇
                                            │                           │
                                            │                           │
                                            │                           │
                                            │                           │
                                            │                           │
                                            │                           │
            ────────────────────────────────│   大江东去浪淘尽          │
             a.png                          │ polygon (10,50) (310,50) …│
                   tesseract · quick off · general · direction off · review <0.80 · braille
             Enter edit · n/N review · Space reviewed · u/^R undo/redo · r/R read · ? · q q…
            """)
    }

    @Test func theEditorSitsUnderTheLinesPictureWithTheCaretAfterWideCharacters() {
        var model = loadedModel(width: 80, height: 24)
        press(&model, .character("n"), .enter, .home, .right, .right)
        let screen = view(model)
        #expect(screen.line(20).hasPrefix("""
            ────────────────────────────────│ ✎ 大江东去浪淘尽
            """))
        // "│ ✎ " then two characters of two columns each.
        #expect(screen.cursor?.x == 33 + 3 + 4 && screen.cursor?.y == 20)
    }

    @Test func aTooSmallTerminalGetsAMessageNotABrokenScreen() {
        let model = loadedModel(width: 60, height: 20)
        let text = view(model).text
        #expect(text.contains("Quire needs a terminal of at least 80x24;"))
        #expect(text.contains("this one is 60x20."))
    }

    @Test func resizingLaysTheScreenOutAgain() {
        var model = loadedModel(width: 80, height: 24)
        _ = update(&model, .resized(width: 132, height: 40))
        let screen = view(model)
        #expect(screen.width == 132 && screen.height == 40)
        #expect(screen.line(1).hasPrefix("─ Files 3 ─"))
        #expect(screen.line(38).contains("tesseract · quick off"))
    }

    @Test func helpListsEveryBindingOfTheKeyMap() {
        var model = loadedModel(width: 100, height: 50)
        press(&model, .character("?"))
        let text = view(model).text
        for binding in KeyMap.bindings where !binding.label.isEmpty {
            #expect(text.contains(binding.help), "help lacks \(binding.label)")
        }
        press(&model, .character("x"))
        #expect(model.mode == .normal)
    }

    /// At 80x24 the keys do not fit in one column: two show every one (help cut short).
    @Test func helpOnASmallTerminalShowsEveryKeyInTwoColumns() {
        var model = loadedModel(width: 80, height: 24)
        press(&model, .character("?"))
        let lines = view(model).text.split(separator: "\n").map(String.init)
        for binding in KeyMap.bindings where !binding.label.isEmpty {
            #expect(lines.contains { $0.contains(" " + binding.label + "  ") }, "help lacks \(binding.label)")
        }
        #expect(lines.contains { $0.contains("In the editor") })
    }

    @Test func fileNamesWithEscapeSequencesAreDrawnEscaped() {
        var model = loadedModel(width: 100, height: 30)
        model.files[2].name = "\u{1B}[2Jevil.png"
        let text = view(model).text
        #expect(text.contains("\\x1b[2J"))
        #expect(!text.unicodeScalars.contains { $0.value == 0x1B })
    }

    @Test func blockTextTakesTheStyleOfItsConfidenceBand() throws {
        let themes = URL(fileURLWithPath: #filePath).deletingLastPathComponent().deletingLastPathComponent()
            .deletingLastPathComponent().appendingPathComponent("themes")
        let theme = try Theme(contentsOf: themes.appendingPathComponent("default.toml"))
        var model = loadedModel(width: 100, height: 30)
        model.theme = theme
        model.focus = .files
        func style(of text: String, in screen: CellBuffer) -> Style? {
            for y in 0..<screen.height {
                let line = screen.line(y)
                guard let range = line.range(of: text) else { continue }
                let x = DisplayWidth.of(String(line[..<range.lowerBound]))
                return screen[x, y].style
            }
            return nil
        }
        let screen = view(model)
        func style(of text: String) -> Style? { style(of: text, in: screen) }
        #expect(style(of: "大江东去") == theme.bandLow)
        #expect(style(of: "yours faithfuly") == theme.bandMedium)
        #expect(style(of: "Dear Sir") == theme.reviewed)  // the selection, in a pane without focus
        model.selectedBlock = 1
        #expect(style(of: "Dear Sir", in: view(model)) == theme.bandHigh)
        #expect(theme.bandLow.foreground != theme.bandHigh.foreground)
    }
}
