import Testing
@testable import WorkbenchCore

@Suite struct CellBufferTests {
    @Test func displayWidths() {
        #expect(DisplayWidth.of("abc") == 3)
        #expect(DisplayWidth.of("大江") == 4)
        #expect(DisplayWidth.of("ｶ") == 1)  // halfwidth katakana
        #expect(DisplayWidth.of("Ａ") == 2)  // fullwidth A
        #expect(DisplayWidth.of("e\u{301}") == 1)
        #expect(DisplayWidth.of("👍") == 2)
    }

    @Test func wideCharactersAreClippedWholeNeverHalved() {
        var buffer = CellBuffer(width: 7, height: 1)
        let used = buffer.put("ab大江东", x: 0, y: 0)
        #expect(used == 6)
        #expect(buffer.line(0) == "ab大江 ")
        buffer.put("X", x: 3, y: 0)  // over the right half of 大
        #expect(buffer.line(0) == "ab X江 ")
    }

    @Test func controlCharactersAreShownEscaped() {
        var buffer = CellBuffer(width: 32, height: 1)
        buffer.put("evil\u{1B}]0;pwned\u{07}name\u{202E}", x: 0, y: 0)
        #expect(buffer.line(0) == "evil\\x1b]0;pwned\\x07name\\u{202e}")
        #expect(!buffer.cells.contains { $0.character.unicodeScalars.contains { $0.value < 0x20 } })
    }
}
