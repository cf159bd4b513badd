/// A terminal colour: the terminal's own default, or one of the 256 indexed colours
/// (0-7 the basic ones, 8-15 their bright forms).
public enum TerminalColor: Equatable, Hashable, Sendable {
    case standard
    case indexed(UInt8)

    public static let black = TerminalColor.indexed(0), red = TerminalColor.indexed(1), green = TerminalColor.indexed(2),
        yellow = TerminalColor.indexed(3), blue = TerminalColor.indexed(4), magenta = TerminalColor.indexed(5),
        cyan = TerminalColor.indexed(6), white = TerminalColor.indexed(7)
}

/// How a cell looks: colours and attributes.
public struct Style: Equatable, Hashable, Sendable {
    public var foreground: TerminalColor
    public var background: TerminalColor
    public var bold: Bool
    public var underline: Bool
    public var reverse: Bool
    public var dim: Bool

    public init(foreground: TerminalColor = .standard, background: TerminalColor = .standard,
                bold: Bool = false, underline: Bool = false, reverse: Bool = false, dim: Bool = false) {
        self.foreground = foreground
        self.background = background
        self.bold = bold
        self.underline = underline
        self.reverse = reverse
        self.dim = dim
    }

    public static let plain = Style()
}
