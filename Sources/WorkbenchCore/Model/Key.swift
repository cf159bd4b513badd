/// A key press as the workbench sees it, whatever terminal it came from.
public enum Key: Equatable, Hashable, Sendable {
    case character(Character)
    /// Ctrl with a letter, as its lower-case letter.
    case control(Character)
    /// Alt (Meta) with a character.
    case alt(Character)
    case enter, escape, tab, backTab, backspace, delete
    case up, down, left, right, home, end, pageUp, pageDown
    case wordLeft, wordRight
    /// Text the terminal delivered as one paste (bracketed paste).
    case paste(String)
}
