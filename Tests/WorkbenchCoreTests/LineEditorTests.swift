import Testing
@testable import WorkbenchCore

@Suite struct LineEditorTests {
    @Test func movesByCharacterOverWideAndCombinedCharacters() {
        var editor = LineEditor("e\u{301}大x")  // é as e + combining accent: one character
        #expect(editor.cursor == 3)
        _ = editor.handle(.left)
        _ = editor.handle(.left)
        _ = editor.handle(.backspace)
        #expect(editor.text == "大x" && editor.cursor == 0)
        _ = editor.handle(.end)
        _ = editor.handle(.paste("江\n东"))
        #expect(editor.text == "大x江 东")
    }

    @Test func wordMotionTreatsEachIdeographAsAWord() {
        var editor = LineEditor("hello world 大江东")
        _ = editor.handle(.wordLeft)
        #expect(editor.cursor == 14)
        _ = editor.handle(.wordLeft)
        _ = editor.handle(.wordLeft)
        _ = editor.handle(.wordLeft)
        #expect(editor.cursor == 6)
        _ = editor.handle(.wordRight)
        #expect(editor.cursor == 11)
        _ = editor.handle(.control("w"))
        #expect(editor.text == "hello  大江东")
        _ = editor.handle(.home)
        _ = editor.handle(.control("k"))
        #expect(editor.text.isEmpty)
    }

    @Test func controlCharactersNeverGetIn() {
        var editor = LineEditor()
        editor.insert("a\u{1B}[31mb\tc")
        #expect(editor.text == "a[31mb c")
    }

    @Test func theWindowKeepsTheCaretVisibleWithoutCuttingWideCharacters() {
        var editor = LineEditor("大江东去浪淘尽")  // 14 columns
        let end = editor.window(columns: 8)
        #expect(end.caretColumn <= 7)
        #expect(DisplayWidth.of(end.text) <= 8)
        #expect(end.text.hasSuffix("尽"))
        _ = editor.handle(.home)
        #expect(editor.window(columns: 8) == ("大江东去", 0))
    }
}
