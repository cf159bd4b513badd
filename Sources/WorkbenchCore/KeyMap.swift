/// What a key does in the panes.
public enum Action: Equatable, Sendable {
    case quit, help, nextPane, previousPane
    case up, down, pageUp, pageDown, top, bottom, left, open, edit
    case previousPage, nextPage, nextToReview, previousToReview
    case recognise, recogniseAll, cancel, undo, redo, toggleReviewed
    case search, export, importTranscript, settings, filter, original, zoom, panLeft, panRight, raiseThreshold, lowerThreshold, rescan
}

/// The keys of the panes, in one table: `update` looks keys up here and the help
/// screen prints it, so the two never disagree.
public enum KeyMap {
    public struct Binding: Sendable {
        public var keys: [Key]
        /// How the help screen names the keys.
        public var label: String
        public var action: Action
        public var help: String
    }

    public static let bindings: [Binding] = [
        Binding(keys: [.up, .character("k")], label: "↑ k", action: .up, help: "previous file or block"),
        Binding(keys: [.down, .character("j")], label: "↓ j", action: .down, help: "next file or block"),
        Binding(keys: [.pageUp, .control("b")], label: "PgUp", action: .pageUp, help: "a screen up"),
        Binding(keys: [.pageDown, .control("f")], label: "PgDn", action: .pageDown, help: "a screen down"),
        Binding(keys: [.home, .character("g")], label: "Home g", action: .top, help: "first in the list"),
        Binding(keys: [.end, .character("G")], label: "End G", action: .bottom, help: "last in the list"),
        Binding(keys: [.right, .character("l"), .enter], label: "Enter → l", action: .open,
                help: "open the file's blocks; on a block, Enter edits it"),
        Binding(keys: [.left, .character("h")], label: "← h", action: .left, help: "back to the file list"),
        Binding(keys: [.tab], label: "Tab", action: .nextPane, help: "next pane"),
        Binding(keys: [.backTab], label: "S-Tab", action: .previousPane, help: "previous pane"),
        Binding(keys: [.character("i")], label: "i", action: .edit, help: "edit the selected block"),
        Binding(keys: [.character("[")], label: "[ ]", action: .previousPage, help: "previous / next page of the file"),
        Binding(keys: [.character("]")], label: "", action: .nextPage, help: ""),
        Binding(keys: [.character("n")], label: "n N", action: .nextToReview, help: "next / previous block below the threshold"),
        Binding(keys: [.character("N")], label: "", action: .previousToReview, help: ""),
        Binding(keys: [.character(" ")], label: "Space", action: .toggleReviewed, help: "mark the block reviewed, or not"),
        Binding(keys: [.character("r")], label: "r", action: .recognise,
                help: "recognise this page; quick_mode on, in the blocks: the block"),
        Binding(keys: [.character("R")], label: "R", action: .recogniseAll, help: "recognise every page not done yet"),
        Binding(keys: [.character("c"), .escape], label: "c Esc", action: .cancel, help: "cancel the recognition running"),
        Binding(keys: [.character("u")], label: "u", action: .undo, help: "undo the last edit (also after a restart)"),
        Binding(keys: [.control("r")], label: "Ctrl-R", action: .redo, help: "redo"),
        Binding(keys: [.character("/")], label: "/", action: .search, help: "search the workspace"),
        Binding(keys: [.character("e")], label: "e", action: .export, help: "export (format and folder)"),
        Binding(keys: [.character("I")], label: "I", action: .importTranscript,
                help: "import a transcript of this page (PAGE XML, ALTO, hOCR)"),
        Binding(keys: [.character("s")], label: "s", action: .settings, help: "engine, options, review threshold"),
        Binding(keys: [.character("+"), .character("=")], label: "+ -", action: .raiseThreshold, help: "raise / lower the review threshold"),
        Binding(keys: [.character("-")], label: "", action: .lowerThreshold, help: ""),
        Binding(keys: [.character("f")], label: "f", action: .filter, help: "show only blocks that need review"),
        Binding(keys: [.character("o")], label: "o", action: .original, help: "show the recognised text instead of corrections"),
        Binding(keys: [.character("z")], label: "z", action: .zoom, help: "zoom the preview to the selected block"),
        Binding(keys: [.character("<"), .character(",")], label: "< >", action: .panLeft,
                help: "pan the line's picture (in the editor it follows the caret)"),
        Binding(keys: [.character(">"), .character(".")], label: "", action: .panRight, help: ""),
        Binding(keys: [.control("l")], label: "Ctrl-L", action: .rescan,
                help: "read the folder again for new files (also on focus)"),
        Binding(keys: [.character("?")], label: "?", action: .help, help: "this help"),
        Binding(keys: [.character("q")], label: "q", action: .quit, help: "quit (everything is saved already)"),
    ]

    private static let table: [Key: Action] = {
        var table: [Key: Action] = [:]
        for binding in bindings {
            for key in binding.keys where table[key] == nil { table[key] = binding.action }
        }
        return table
    }()

    public static func action(for key: Key) -> Action? { table[key] }
}
