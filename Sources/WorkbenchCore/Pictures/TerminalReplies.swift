/// What a terminal answers to the questions the workbench asks before curses starts,
/// and the graphics mode that follows from it. Pure, so recorded replies can be tested.
public struct TerminalReplies: Equatable, Sendable {
    /// kitty's graphics protocol answered OK to a query.
    public var kittyGraphics = false
    /// The primary device attributes (`ESC [ ? 62 ; 4 ; … c`): 4 means sixel.
    public var deviceAttributes: [Int]?
    /// The cell size (`ESC [ 6 ; height ; width t`).
    public var cell: PixelSize?
    /// The largest sixel picture (XTSMGRAPHICS: `ESC [ ? 2 ; 0 ; width ; height S`).
    public var maxSixel: PixelSize?
    /// The status report arrived: every earlier question has had its answer.
    public var complete = false

    /// The questions, in the order asked: kitty's graphics query, the largest sixel,
    /// the cell size, the device attributes, and a status report that every terminal
    /// answers, last, so that its answer ends the wait.
    public static let queries = "\u{1B}_Gi=31,s=1,v=1,a=q,t=d,f=24;AAAA\u{1B}\\" + "\u{1B}[?2;4;0S" + "\u{1B}[16t" + "\u{1B}[c"
        + "\u{1B}[5n"

    public init() {}

    /// Reads every answer in `bytes`; what it does not know it skips.
    public init(parsing bytes: [UInt8]) {
        var index = 0
        while index < bytes.count {
            guard bytes[index] == 0x1B, index + 1 < bytes.count else { index += 1; continue }
            switch bytes[index + 1] {
            case UInt8(ascii: "_"):  // an application programming command, up to ESC \
                var end = index + 2
                while end + 1 < bytes.count, !(bytes[end] == 0x1B && bytes[end + 1] == UInt8(ascii: "\\")) { end += 1 }
                let body = String(decoding: bytes[(index + 2)..<min(end, bytes.count)], as: UTF8.self)
                if body.hasPrefix("G"), body.contains("i=31"), body.hasSuffix(";OK") { kittyGraphics = true }
                index = end + 2
            case UInt8(ascii: "["):
                var end = index + 2
                while end < bytes.count, !(0x40...0x7E).contains(bytes[end]) { end += 1 }
                guard end < bytes.count else { return }
                read(csi: String(decoding: bytes[(index + 2)..<end], as: UTF8.self), final: bytes[end])
                index = end + 1
            default:
                index += 2
            }
        }
    }

    private mutating func read(csi parameters: String, final: UInt8) {
        let isPrivate = parameters.hasPrefix("?")
        let numbers = parameters.drop { $0 == "?" }.split(separator: ";", omittingEmptySubsequences: false).map { Int($0) }
        switch (final, isPrivate) {
        case (UInt8(ascii: "c"), true):
            deviceAttributes = numbers.compactMap { $0 }
        case (UInt8(ascii: "t"), false):
            if numbers.count == 3, numbers[0] == 6, let height = numbers[1], let width = numbers[2], width > 0, height > 0 {
                cell = PixelSize(width: width, height: height)
            }
        case (UInt8(ascii: "S"), true):
            if numbers.count == 4, numbers[0] == 2, numbers[1] == 0, let width = numbers[2], let height = numbers[3], width > 0, height > 0 {
                maxSixel = PixelSize(width: width, height: height)
            }
        case (UInt8(ascii: "n"), false):
            if numbers.first == 0 { complete = true }
        default:
            break
        }
    }

    /// kitty's protocol where it answered, else sixel where the device attributes list
    /// it, else iTerm2's images in iTerm2 (`TERM_PROGRAM`), else half blocks with 256
    /// colours, else braille.
    public func mode(environment: [String: String], colours: Int) -> GraphicsMode {
        if kittyGraphics { return .kitty }
        if deviceAttributes?.contains(4) == true { return .sixel }
        if environment["TERM_PROGRAM"] == "iTerm.app" { return .iterm2 }
        return colours >= 256 ? .symbols : .braille
    }
}
