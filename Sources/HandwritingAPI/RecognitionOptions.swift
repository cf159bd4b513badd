/// Which characters the recognizer may answer with (`char_set` on the wire).
public enum CharSet: String, Codable, CaseIterable, Sendable {
    /// Digits, letters and Chinese: no restriction.
    case general
    case digit
    case letter
    case digitLetter = "digit_letter"

    /// The characters allowed, or nil for no restriction.
    public var allowedCharacters: String? {
        let digits = "0123456789"
        let letters = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz"
        switch self {
        case .general: return nil
        case .digit: return digits
        case .letter: return letters
        case .digitLetter: return digits + letters
        }
    }
}

/// The options of one recognition, with the contract's defaults.
public struct RecognitionOptions: Equatable, Hashable, Sendable {
    /// The image holds a single line that covers most of it: skip layout analysis.
    public var quickMode: Bool
    public var charSet: CharSet
    /// Correct the page's tilt, at any angle, before recognising.
    public var detectDirection: Bool

    public init(quickMode: Bool = false, charSet: CharSet = .general, detectDirection: Bool = false) {
        self.quickMode = quickMode
        self.charSet = charSet
        self.detectDirection = detectDirection
    }
}
