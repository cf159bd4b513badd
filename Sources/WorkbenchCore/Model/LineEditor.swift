import Foundation

/// A single-line text editor: characters (grapheme clusters, so a CJK character or an
/// accented letter is one step), a caret, and the motions a shell line offers.
public struct LineEditor: Equatable, Sendable {
    public private(set) var characters: [Character]
    /// Characters before the caret.
    public private(set) var cursor: Int

    public init(_ text: String = "") {
        characters = Array(Self.clean(text))
        cursor = characters.count
    }

    public var text: String { String(characters) }

    /// Handles an editing key; false when the key is not an editing key.
    public mutating func handle(_ key: Key) -> Bool {
        switch key {
        case .character(let c): insert(String(c))
        case .paste(let text): insert(text)
        case .left, .control("b"): cursor = max(0, cursor - 1)
        case .right, .control("f"): cursor = min(characters.count, cursor + 1)
        case .home, .control("a"): cursor = 0
        case .end, .control("e"): cursor = characters.count
        case .wordLeft, .alt("b"): cursor = wordStart(before: cursor)
        case .wordRight, .alt("f"): cursor = wordEnd(after: cursor)
        case .backspace, .control("h"):
            guard cursor > 0 else { break }
            characters.remove(at: cursor - 1)
            cursor -= 1
        case .delete, .control("d"):
            guard cursor < characters.count else { break }
            characters.remove(at: cursor)
        case .control("w"), .alt("\u{7F}"):
            let start = wordStart(before: cursor)
            characters.removeSubrange(start..<cursor)
            cursor = start
        case .alt("d"):
            let end = wordEnd(after: cursor)
            characters.removeSubrange(cursor..<end)
        case .control("u"):
            characters.removeSubrange(0..<cursor)
            cursor = 0
        case .control("k"):
            characters.removeSubrange(cursor...)
        default: return false
        }
        return true
    }

    /// Inserts text at the caret; line breaks and tabs become spaces, other controls are dropped.
    public mutating func insert(_ text: String) {
        let new = Array(Self.clean(text))
        characters.insert(contentsOf: new, at: cursor)
        cursor += new.count
    }

    /// Text with nothing a single line cannot hold.
    static func clean(_ text: String) -> String {
        var out = ""
        for scalar in text.unicodeScalars {
            switch scalar.value {
            case 0x09, 0x0A, 0x0D: out.unicodeScalars.append(" ")
            case 0x00...0x1F, 0x7F...0x9F: continue
            default: out.unicodeScalars.append(scalar)
            }
        }
        return out
    }

    /// Words are runs of letters and digits; every CJK character is a word of its own
    /// (Chinese has no spaces, so a jump over a whole sentence would be useless).
    private static func isWordCharacter(_ c: Character) -> Bool { c.isLetter || c.isNumber }
    private static func isIdeograph(_ c: Character) -> Bool { DisplayWidth.of(c) == 2 }

    private func wordStart(before position: Int) -> Int {
        var i = position
        while i > 0, !Self.isWordCharacter(characters[i - 1]) { i -= 1 }
        if i > 0, Self.isIdeograph(characters[i - 1]) { return i - 1 }
        while i > 0, Self.isWordCharacter(characters[i - 1]), !Self.isIdeograph(characters[i - 1]) { i -= 1 }
        return i
    }

    private func wordEnd(after position: Int) -> Int {
        var i = position
        while i < characters.count, !Self.isWordCharacter(characters[i]) { i += 1 }
        if i < characters.count, Self.isIdeograph(characters[i]) { return i + 1 }
        while i < characters.count, Self.isWordCharacter(characters[i]), !Self.isIdeograph(characters[i]) { i += 1 }
        return i
    }

    /// The part of the line to show in `columns` columns and where the caret falls in it:
    /// the line scrolls so the caret stays visible, and wide characters are never cut.
    public func window(columns: Int) -> (text: String, caretColumn: Int) {
        guard columns > 1 else { return ("", 0) }
        var start = 0
        var caretColumn = characters[0..<cursor].reduce(0) { $0 + DisplayWidth.of($1) }
        while caretColumn > columns - 1, start < cursor {
            caretColumn -= DisplayWidth.of(characters[start])
            start += 1
        }
        let shown = DisplayWidth.prefix(String(characters[start...]), fitting: columns)
        return (String(shown.text), caretColumn)
    }

    /// What a key does to a one-line prompt (search, import): Esc cancels, Enter gives the
    /// text trimmed (nothing given cancels too), any other key edits.
    enum PromptAnswer: Equatable {
        case cancelled, given(String), editing
    }

    mutating func prompt(_ key: Key) -> PromptAnswer {
        switch key {
        case .escape: return .cancelled
        case .enter:
            let text = self.text.trimmingCharacters(in: .whitespaces)
            return text.isEmpty ? .cancelled : .given(text)
        default:
            _ = handle(key)
            return .editing
        }
    }
}
