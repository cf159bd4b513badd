/// Where confidence bands begin: below `low` a block is in the low band, from `high`
/// up in the high band, in between in the medium band.
public struct ConfidenceBands: Equatable, Sendable {
    public var low: Double
    public var high: Double

    public init(low: Double = 0.6, high: Double = 0.85) {
        self.low = low
        self.high = high
    }

    public enum Band: Sendable { case low, medium, high }

    public func band(of confidence: Double) -> Band {
        confidence < low ? .low : confidence < high ? .medium : .high
    }
}

/// The look of the workbench: a style for every role, and the confidence bands.
/// Loaded from `themes/NAME.toml` (see `Theme+TOML.swift`); `NO_COLOR` picks the
/// monochrome one, which tells bands apart by attributes alone.
public struct Theme: Equatable, Sendable {
    public var name: String
    public var bands = ConfidenceBands()
    public var normal = Style()
    public var muted = Style(dim: true)
    public var title = Style(bold: true)
    public var focusedTitle = Style(bold: true, reverse: true)
    public var border = Style(dim: true)
    public var focusedBorder = Style(bold: true)
    public var selection = Style(reverse: true)
    public var header = Style(underline: true)
    public var status = Style(reverse: true)
    public var error = Style(bold: true, reverse: true)
    public var keyHelp = Style(dim: true)
    public var progress = Style(bold: true)
    public var editor = Style(underline: true)
    public var dialog = Style()
    public var bandLow = Style(bold: true, underline: true)
    public var bandMedium = Style(underline: true)
    public var bandHigh = Style()
    public var reviewed = Style(bold: true)
    public var previewInk = Style()
    public var previewOutline = Style(dim: true)
    public var previewSelected = Style(bold: true, reverse: true)

    public init(name: String) { self.name = name }

    /// Attributes only: what the terminal gets when colour is unwanted or unavailable.
    public static let monochrome = Theme(name: "monochrome")

    public func style(forConfidence confidence: Double) -> Style {
        switch bands.band(of: confidence) {
        case .low: bandLow
        case .medium: bandMedium
        case .high: bandHigh
        }
    }

    /// The role names a theme file uses, and where each lives.
    static var roles: [(name: String, path: WritableKeyPath<Theme, Style>)] { [
        ("normal", \.normal), ("muted", \.muted), ("title", \.title), ("focused_title", \.focusedTitle),
        ("border", \.border), ("focused_border", \.focusedBorder), ("selection", \.selection), ("header", \.header),
        ("status", \.status), ("error", \.error), ("key_help", \.keyHelp), ("progress", \.progress), ("editor", \.editor),
        ("dialog", \.dialog), ("band_low", \.bandLow), ("band_medium", \.bandMedium), ("band_high", \.bandHigh),
        ("reviewed", \.reviewed), ("preview_ink", \.previewInk), ("preview_outline", \.previewOutline),
        ("preview_selected", \.previewSelected),
    ] }
}
